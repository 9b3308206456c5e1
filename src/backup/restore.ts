import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import * as tar from 'tar';
import { keyFilesInUse } from '../auth/index.js';
import type { Config } from '../config.js';
import { connect, type Database, dialectOf, sqliteFileOf } from '../db/index.js';
import { ledgerHead, type VerifyResult, verifyLedger } from '../protocol/index.js';
import { sqliteMemberName } from './create.js';
import { BackupError } from './errors.js';
import { placeKeyMembers, writeKeyMembers } from './key-members.js';
import { describeFile, type Manifest, manifestName, manifestSchema } from './manifest.js';

export interface CheckedBackup {
  manifest: Manifest;
  /** Null for PostgreSQL: its database is checked once `pg_restore` has loaded it. */
  verify: VerifyResult | null;
  head: { seq: number; hash: string };
}

/**
 * Unpacks the archive into `into` (an empty folder) and checks it: every member the manifest
 * names is there with its SHA-256 and nothing else is, the `pg_dump` file too when given;
 * on SQLite the database copy's chain verifies and reaches the manifest's head.
 */
export async function unpackAndCheck(file: string, into: string, pgDump?: string): Promise<CheckedBackup> {
  if (!fs.existsSync(file)) throw new BackupError(`no backup at ${file}`);
  try {
    await tar.x({ file, cwd: into, strict: true, preservePaths: false });
  } catch (err) {
    throw new BackupError(`${file} is not a readable backup archive: ${(err as Error).message}`);
  }
  const manifestFile = path.join(into, manifestName);
  if (!fs.existsSync(manifestFile)) throw new BackupError(`${file} has no ${manifestName}`);
  const parsed = manifestSchema.safeParse(safeJson(fs.readFileSync(manifestFile, 'utf8')));
  if (!parsed.success) throw new BackupError(`${manifestName} in ${file} is not a backup manifest`);
  const manifest = parsed.data;
  const expected = new Set([manifestName, ...manifest.members.map((m) => m.name)]);
  for (const name of fs.readdirSync(into)) {
    if (!expected.has(name))
      throw new BackupError(`the archive holds ${name}, which its manifest does not list`);
  }
  for (const member of manifest.members) {
    const at = path.join(into, member.name);
    if (!fs.existsSync(at))
      throw new BackupError(`the archive lacks ${member.name}, which its manifest lists`);
    await expectSame(at, member, member.name);
  }
  if (manifest.dialect === 'postgres') {
    if (!manifest.pgDump) throw new BackupError(`${file} records no pg_dump file`);
    if (!pgDump)
      throw new BackupError(`give the pg_dump file of this backup with --pg-dump (${manifest.pgDump.name})`);
    await expectSame(pgDump, manifest.pgDump, pgDump);
    return { manifest, verify: null, head: manifest.ledgerHead };
  }
  const copy = connect(`sqlite:${path.join(into, sqliteMemberName)}`);
  const checked = await verifyDatabase(copy);
  if (checked.verify.ok && checked.head.hash !== manifest.ledgerHead.hash) {
    throw new BackupError(`the database in ${file} does not end at the manifest's ledger head`);
  }
  return { manifest, ...checked };
}

/**
 * Restores a backup into an empty DATA_DIR (and, on PostgreSQL, an empty database, through
 * `pg_restore`): refuses to overwrite anything, checks every member first, then verifies
 * the whole chain where it now lies. R1 holds after a restore: the first purge pass, at the
 * service's start, deletes what expired while the backup was kept.
 */
export async function restoreBackup(config: Readonly<Config>, file: string, pgDump?: string) {
  const dialect = dialectOf(config.databaseUrl);
  const present = keyFilesInUse(config.keys)
    .filter((k) => k.setting === null)
    .map((k) => k.file)
    .find((k) => fs.existsSync(k));
  if (present) throw new BackupError(`${present} exists: restore only into an empty DATA_DIR`);
  if (dialect === 'sqlite') {
    const target = sqliteFileOf(config.databaseUrl);
    if (fs.existsSync(target) && fs.statSync(target).size > 0) {
      throw new BackupError(`${target} exists: restore only where there is no database yet`);
    }
  } else if (await hasTables(config.databaseUrl)) {
    throw new BackupError('the PostgreSQL database is not empty: restore only into a new, empty database');
  }
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const staging = fs.mkdtempSync(path.join(config.dataDir, '.restore-'));
  try {
    const checked = await unpackAndCheck(file, staging, pgDump);
    if (checked.manifest.dialect !== dialect) {
      throw new BackupError(
        `the backup is of a ${checked.manifest.dialect} database; DATABASE_URL names ${dialect}`,
      );
    }
    if (checked.verify && !checked.verify.ok)
      throw new BackupError(`the ledger in ${file} does not verify: ${describeBreak(checked.verify)}`);
    const keys = placeKeyMembers(config.keys, checked.manifest, staging);
    if (dialect === 'sqlite') {
      fs.renameSync(path.join(staging, sqliteMemberName), sqliteFileOf(config.databaseUrl));
    } else {
      await pgRestore(config.databaseUrl, pgDump as string);
    }
    writeKeyMembers(keys, staging);
    return { manifest: checked.manifest, ...(await verifyDatabase(connect(config.databaseUrl))) };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export function describeBreak(verify: VerifyResult): string {
  return verify.ok
    ? `intact up to entry ${verify.head.seq}`
    : `broken at entry ${verify.brokenAt}: ${verify.reason}`;
}

async function verifyDatabase(database: Database) {
  try {
    return { verify: await verifyLedger(database.db), head: await ledgerHead(database.db) };
  } finally {
    await database.close();
  }
}

async function expectSame(file: string, expected: { sha256: string; bytes: number }, label: string) {
  const actual = await describeFile(file, label);
  if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes) {
    throw new BackupError(
      `${label} does not match the SHA-256 its manifest records: it was changed or cut short`,
    );
  }
}

async function hasTables(url: string): Promise<boolean> {
  const database = connect(url);
  try {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.tables where table_schema = current_schema()`.execute(
      database.db,
    );
    return (rows[0]?.n ?? 0) > 0;
  } finally {
    await database.close();
  }
}

async function pgRestore(url: string, dump: string) {
  try {
    await promisify(execFile)('pg_restore', [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      `--dbname=${url}`,
      dump,
    ]);
  } catch (err) {
    throw new BackupError(
      `pg_restore failed: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}`,
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
