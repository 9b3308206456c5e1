import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';

export interface StatementCacheLimits {
  /** How many statements are kept. */
  statements: number;
  /**
   * How much SQL text they may hold together. A prepared statement's program grows with its
   * text (a 1,000-row insert of 14 columns is ~45,000 characters and ~1.3 MB of memory), and
   * a multi-row insert is prepared once per row count it meets.
   */
  sqlChars: number;
}

/**
 * Kysely's SQLite driver prepares every query anew, and SQLite's prepare (parse and plan)
 * cost more than running the small indexed statements of a ledger write (11 % of the
 * service's CPU under `bench/http.mjs`). Statements are kept by their SQL text; one
 * still being iterated (a stream, a cursor) is never handed out twice — a fresh one is
 * prepared for the second user.
 */
export function withStatementCache(
  sqlite: SQLite.Database,
  limits: StatementCacheLimits = { statements: 500, sqlChars: 1_000_000 },
): SqliteDatabase {
  const statements = new LRUCache<string, SQLite.Statement>({
    max: limits.statements,
    maxSize: limits.sqlChars,
    sizeCalculation: (_statement, sql) => sql.length,
  });
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(sql);
      if (!cached) statements.set(sql, statement);
      return statement;
    },
  };
}
