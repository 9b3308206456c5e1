import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import * as tar from 'tar';
import { keyFilesInUse } from '../auth/index.js';
import type { Config } from '../config.js';
import { appliedMigrations, connect, type Database, dialectOf, sqliteFileOf } from '../db/index.js';
import { ledgerHead } from '../protocol/index.js';
import { BackupError } from './errors.js';
import { backupFormat, describeFile, type Manifest, manifestName } from './manifest.js';

/** The database's member in a SQLite backup. */
export const sqliteMemberName = 'cctv-ledger.db';

export interface BackupOptions {
  /** PostgreSQL: the `pg_dump` file made just before, recorded in the manifest. */
  pgDump?: string;
}

/**
 * Writes a backup archive (tar, gzip) of the ledger to `out`: on SQLite a consistent copy of
 * the database taken with SQLite's online backup API while the service keeps writing, and
 * on both dialects the key files in use (named by settings, or DATA_DIR's) and a manifest. The archive appears under its
 * name only when it is complete; an existing file is never overwritten.
 */
export async function createBackup(config: Readonly<Config>, out: string, options: BackupOptions, now: Date) {
  if (fs.existsSync(out)) throw new BackupError(`${out} exists already; a backup never overwrites a file`);
  const dialect = dialectOf(config.databaseUrl);
  if (dialect === 'sqlite' && options.pgDump) throw new BackupError('--pg-dump is for a PostgreSQL database');
  const staging = fs.mkdtempSync(path.join(path.dirname(path.resolve(out)), '.cctv-ledger-backup-'));
  try {
    const members = [];
    let described: { schemaVersion: string; ledgerHead: { seq: number; hash: string } };
    if (dialect === 'sqlite') {
      const copy = path.join(staging, sqliteMemberName);
      await copySqlite(sqliteFileOf(config.databaseUrl), copy);
      // Read from the copy itself, so the manifest describes exactly what the archive holds.
      described = await describeDatabase(connect(`sqlite:${copy}`));
      members.push(await describeFile(copy, sqliteMemberName));
    } else {
      described = await describeDatabase(connect(config.databaseUrl));
    }
    // The key files in use: those the settings name, or the data folder's. A data folder's key
    // is made when first needed (the checkpoint key at the first checkpoint).
    for (const key of keyFilesInUse(config.keys)) {
      if (!fs.existsSync(key.file)) continue;
      fs.copyFileSync(key.file, path.join(staging, key.member));
      members.push(await describeFile(path.join(staging, key.member), key.member));
    }
    const manifest: Manifest = {
      format: backupFormat,
      createdAt: now.toISOString(),
      dialect,
      ...described,
      members,
      ...(options.pgDump
        ? { pgDump: await describeFile(options.pgDump, path.basename(options.pgDump)) }
        : {}),
    };
    fs.writeFileSync(path.join(staging, manifestName), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode: 0o600,
    });
    const partial = path.join(staging, 'archive.tar.gz');
    await tar.c({ gzip: true, file: partial, cwd: staging, portable: true }, [
      manifestName,
      ...members.map((m) => m.name),
    ]);
    // The archive holds personal data (R11) and the keys: the service's user's alone.
    fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, out);
    return manifest;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** SQLite's online backup: a consistent snapshot, page by page, while writers go on. */
async function copySqlite(file: string, to: string) {
  if (!fs.existsSync(file)) throw new BackupError(`no database at ${file}`);
  const source = new SQLite(file, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(to);
  } finally {
    source.close();
  }
  fs.chmodSync(to, 0o600);
}

async function describeDatabase(database: Database) {
  try {
    const applied = await appliedMigrations(database.db, database.dialect);
    return { schemaVersion: applied.at(-1) ?? '', ledgerHead: await ledgerHead(database.db) };
  } finally {
    await database.close();
  }
}
