import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { connect, type Database, migrateToLatest } from '../db/index.js';

/** The database a URL names, as a person reads it: the SQLite file's full path, a PostgreSQL URL without its password. */
export function databaseLabel(url: string): string {
  if (url.startsWith('sqlite:')) return `SQLite ${path.resolve(url.slice('sqlite:'.length))}`;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return `PostgreSQL ${u.toString()}`;
  } catch {
    return 'PostgreSQL';
  }
}

/**
 * Says on standard error which database a command uses, and warns when it is about to create a
 * new SQLite file: a command run from another folder would otherwise seed an empty `./data`
 * without a word.
 */
function announce(url: string): void {
  process.stderr.write(`cctv-ledger: database ${databaseLabel(url)}\n`);
  if (!url.startsWith('sqlite:')) return;
  const file = url.slice('sqlite:'.length);
  if (file !== ':memory:' && !fs.existsSync(file))
    process.stderr.write(
      `cctv-ledger: warning: ${path.resolve(file)} does not exist; a new, empty database is created there (set DATA_DIR or DATABASE_URL to use another)\n`,
    );
}

/** Opens the configured database with migrations applied, runs `fn`, and closes it. */
export async function withDatabase<T>(
  config: Readonly<Config>,
  fn: (database: Database) => Promise<T>,
): Promise<T> {
  announce(config.databaseUrl);
  const database = connect(config.databaseUrl);
  try {
    await migrateToLatest(database.db, database.dialect);
    return await fn(database);
  } finally {
    await database.close();
  }
}
