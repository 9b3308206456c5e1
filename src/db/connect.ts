import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { useArrayRowReader } from './array-rows.js';
import { pgTypeParsers } from './pg-types.js';
import { LedgerSqliteDialect } from './sqlite-dialect.js';
import { withStatementCache } from './statement-cache.js';
import { useWriteBatcher } from './transaction.js';
import type { DB } from './types.js';
import { WriteBatcher } from './write-batcher.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
}

/** Pragmas every SQLite connection gets: durability over speed for a legal ledger. */
export const sqlitePragmas = {
  journal_mode: 'wal',
  synchronous: 2, // FULL: a committed entry survives power loss, not only a process crash
  foreign_keys: 1,
  busy_timeout: 5000,
  // INSERT OR REPLACE deletes the old row internally; only with recursive triggers do the
  // append-only DELETE triggers see that delete and refuse it.
  recursive_triggers: 1,
  // R1: deleted card numbers and plates are overwritten in the file's pages, not left in
  // free pages ("fast": only where it costs no extra I/O).
  secure_delete: 'fast',
} as const;

export function dialectOf(url: string): Dialect {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  if (url.startsWith('sqlite:')) return 'sqlite';
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got ${url.split(':')[0]}:)`);
}

/** The file of a `sqlite:` database URL. */
export const sqliteFileOf = (url: string): string => url.slice('sqlite:'.length);

export function connect(url: string): Database {
  const dialect = dialectOf(url);
  if (dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypeParsers() });
    // An idle connection ended by the server (restart, an administrator's kill) must not
    // crash the process: the pool drops it and opens another when needed.
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    useArrayRowReader(db, async (text, values) => {
      const result = await pool.query({ text, values: [...values], rowMode: 'array' });
      return result.rows as unknown[][];
    });
    return { db, dialect, close: () => db.destroy() };
  }
  const file = sqliteFileOf(url);
  if (file !== ':memory:') {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    // The ledger and personal data (R11) are for the service's user only. An empty file is
    // an empty database; SQLite gives its -wal and -shm files the database file's mode.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
  }
  const sqlite = new SQLite(file);
  sqlite.pragma(`journal_mode = ${sqlitePragmas.journal_mode}`);
  sqlite.pragma(`synchronous = ${sqlitePragmas.synchronous}`);
  sqlite.pragma(`foreign_keys = ${sqlitePragmas.foreign_keys}`);
  sqlite.pragma(`busy_timeout = ${sqlitePragmas.busy_timeout}`);
  sqlite.pragma(`recursive_triggers = ${sqlitePragmas.recursive_triggers}`);
  sqlite.pragma(`secure_delete = ${sqlitePragmas.secure_delete}`);
  const db = new Kysely<DB>({ dialect: new LedgerSqliteDialect({ database: withStatementCache(sqlite) }) });
  useWriteBatcher(db, new WriteBatcher(db));
  // Taken as Kysely's connection, so that it waits for a transaction in progress on the one
  // connection instead of reading its uncommitted rows. Prepared each time (not cached with
  // Kysely's statements, which must stay in object mode): the reads it serves are large.
  useArrayRowReader(db, (sql, parameters) =>
    db.connection().execute(async () => sqlite.prepare(sql).raw(true).all(parameters) as unknown[][]),
  );
  return { db, dialect, close: () => db.destroy() };
}
