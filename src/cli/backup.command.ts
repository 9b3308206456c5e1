import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { audited } from '../audit/index.js';
import { createBackup, describeBreak, restoreBackup, unpackAndCheck } from '../backup/index.js';
import type { Config } from '../config.js';
import { withDatabase } from './database.js';
import { shellAccessor } from './principal.js';

const now = () => new Date();
const shortHash = (hash: string) => `${hash.slice(0, 12)}…`;

/** `cctv-ledger backup` and `cctv-ledger restore`: backups an operator can prove by restoring. */
export function backupCommands(config: () => Readonly<Config>): Command[] {
  const backup = new Command('backup')
    .description('write a consistent backup while the service runs, or check one with --verify')
    .option('--out <file>', 'the archive to write (tar.gz); an existing file is never overwritten')
    .option('--pg-dump <file>', 'PostgreSQL: the pg_dump file made just before, recorded in the manifest')
    .option('--verify <file>', 'check an archive as restore would, without restoring anything')
    .addHelpText(
      'after',
      [
        '',
        'SQLite: the archive holds a snapshot of the database (SQLite online backup), the key files',
        'of DATA_DIR and a manifest (schema version, ledger head, SHA-256 of every member).',
        'PostgreSQL: run pg_dump first (see docs/operations.md); the archive then holds the key',
        'files and the manifest, which records the dump file’s SHA-256.',
        '',
        'Examples:',
        '  cctv-ledger backup --out /var/backups/cctv-ledger-2026-12-07.tar.gz',
        '  cctv-ledger backup --verify /var/backups/cctv-ledger-2026-12-07.tar.gz',
      ].join('\n'),
    )
    .action(async (o: { out?: string; pgDump?: string; verify?: string }) => {
      if (o.verify) return verifyArchive(o.verify, o.pgDump);
      if (!o.out)
        throw new InvalidArgumentError(
          'say where to write the backup: --out <file> (or check one with --verify <file>)',
        );
      const out = o.out;
      const manifest = await withDatabase(config(), ({ db }) =>
        audited(
          db,
          shellAccessor(),
          { action: 'backup.create', targetType: 'ledger', detail: { file: path.resolve(out) } },
          now,
          () => createBackup(config(), out, o.pgDump ? { pgDump: o.pgDump } : {}, now()),
          (m) => ({ headSeq: m.ledgerHead.seq }),
        ),
      );
      process.stdout.write(
        `Backup written to ${out}: ledger head at entry ${manifest.ledgerHead.seq} ` +
          `(${shortHash(manifest.ledgerHead.hash)}), schema ${manifest.schemaVersion}, ` +
          `${manifest.members.map((m) => m.name).join(', ')}.\n`,
      );
    });

  const restore = new Command('restore')
    .description('restore a backup into an empty DATA_DIR (and empty database), then verify the chain')
    .argument('<file>', 'an archive written by `cctv-ledger backup`')
    .option('--pg-dump <file>', 'PostgreSQL: the pg_dump file of the backup, loaded with pg_restore')
    .addHelpText(
      'after',
      '\nRefuses to overwrite anything. Every member is checked against the manifest first.\n' +
        'Personal data that expired while the backup was kept is purged at the service’s next start (R1).',
    )
    .action(async (file: string, o: { pgDump?: string }) => {
      const restored = await restoreBackup(config(), file, o.pgDump);
      await withDatabase(config(), ({ db }) =>
        audited(
          db,
          shellAccessor(),
          { action: 'backup.restore', targetType: 'ledger', detail: { file: path.resolve(file) } },
          now,
          async () => undefined,
        ),
      );
      process.stdout.write(
        `Restored ${file} (taken ${restored.manifest.createdAt}) into ${config().dataDir}.\n` +
          `The ledger ${describeBreak(restored.verify)}; head at entry ${restored.head.seq} (${shortHash(restored.head.hash)}).\n`,
      );
      if (!restored.verify.ok) process.exitCode = 1;
    });
  return [backup, restore];
}

async function verifyArchive(file: string, pgDump: string | undefined) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-verify-'));
  try {
    const checked = await unpackAndCheck(file, scratch, pgDump);
    const { manifest } = checked;
    process.stdout.write(
      `${file}: taken ${manifest.createdAt}, ${manifest.dialect}, schema ${manifest.schemaVersion}; ` +
        `every member matches its SHA-256.\n` +
        (checked.verify
          ? `The ledger in it ${describeBreak(checked.verify)}; head at entry ${checked.head.seq} (${shortHash(checked.head.hash)}).\n`
          : `The pg_dump file matches; its ledger is verified when restored.\n`),
    );
    if (checked.verify && !checked.verify.ok) process.exitCode = 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
