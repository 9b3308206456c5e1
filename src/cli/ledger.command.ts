import fs from 'node:fs';
import { Command, CommanderError } from 'commander';
import { audited } from '../audit/index.js';
import { checkpointKeyring } from '../auth/index.js';
import type { Config } from '../config.js';
import {
  type Checkpoint,
  type CheckpointResult,
  checkpointSchema,
  createCheckpoint,
  type VerifyResult,
  verifyAgainstCheckpoint,
  verifyLedger,
} from '../protocol/index.js';
import { withDatabase } from './database.js';
import { shellAccessor } from './principal.js';
import { openPrivateFile } from './private-file.js';

const now = () => new Date();

/** A checkpoint file, or a refusal that says what is wrong with it (not a stack of zod issues). */
function readCheckpoint(file: string): Checkpoint {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CommanderError(2, 'commander.invalidArgument', `--checkpoint ${file}: ${reasonOf(err)}`);
  }
  const parsed = checkpointSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => i.path.join('.') || '(file)').join(', ');
  throw new CommanderError(
    2,
    'commander.invalidArgument',
    `--checkpoint ${file}: not a checkpoint written by \`cctv-ledger checkpoint\` (check: ${fields})`,
  );
}

function reasonOf(err: unknown): string {
  if (err instanceof SyntaxError) return 'not JSON';
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'not readable';
  return err instanceof Error ? err.message : String(err);
}

/** `cctv-ledger verify` and `cctv-ledger checkpoint`: tamper evidence from a shell. */
export function ledgerCommands(config: () => Readonly<Config>): Command[] {
  const verify = new Command('verify')
    .description(
      'walk the ledger hash chain; with --checkpoint, also prove it still extends a signed checkpoint',
    )
    .option('--checkpoint <file>', 'a checkpoint file written by `cctv-ledger checkpoint`')
    .addHelpText(
      'after',
      '\nExits 0 when the ledger verifies, 1 when it does not. Prints the result as JSON: `brokenAt` is\nthe first event where the chain breaks; `code: bad_signature` means the checkpoint itself is forged\nor altered, whatever the chain.',
    )
    .action(async (o: { checkpoint?: string }) => {
      const checkpoint = o.checkpoint ? readCheckpoint(o.checkpoint) : null;
      const result = await withDatabase(config(), ({ db }) =>
        audited(
          db,
          shellAccessor(),
          { action: 'ledger.verify', targetType: 'ledger', detail: { checkpoint: checkpoint !== null } },
          now,
          (): Promise<VerifyResult | CheckpointResult> =>
            checkpoint
              ? verifyAgainstCheckpoint(db, checkpointKeyring(config().keys)(), checkpoint)
              : verifyLedger(db),
          (r) => ({ ok: r.ok }),
        ),
      );
      process.stdout.write(`${JSON.stringify(result)}\n`);
      if (!result.ok) process.exitCode = 1;
    });

  const checkpoint = new Command('checkpoint')
    .description('sign the current ledger head (seq, hash, time) with the service’s Ed25519 key')
    .option('--out <file>', 'write the checkpoint here instead of standard output')
    .addHelpText(
      'after',
      '\nKeep checkpoints outside the database (e.g. mail them to the DPO): `verify --checkpoint` then\ncatches a rewritten or shortened chain even if someone could write the database.',
    )
    .action(async (o: { out?: string }) => {
      const c = await withDatabase(config(), ({ db }) =>
        audited(db, shellAccessor(), { action: 'ledger.checkpoint', targetType: 'ledger' }, now, () =>
          createCheckpoint(db, checkpointKeyring(config().keys)(), now()),
        ),
      );
      const text = `${JSON.stringify(c, null, 2)}\n`;
      if (!o.out) {
        process.stdout.write(text);
        return;
      }
      const fd = openPrivateFile(o.out);
      try {
        fs.writeFileSync(fd, text);
      } finally {
        fs.closeSync(fd);
      }
    });
  return [verify, checkpoint];
}
