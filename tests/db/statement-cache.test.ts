import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src/db/statement-cache.js';

describe('SQLite statement cache', () => {
  let sqlite: SQLite.Database;

  beforeEach(() => {
    sqlite = new SQLite(':memory:');
    sqlite.exec('create table t (n integer)');
    sqlite.exec('insert into t values (1), (2), (3)');
  });
  afterEach(() => sqlite.close());

  it('hands out the prepared statement again for the same SQL', () => {
    const db = withStatementCache(sqlite);
    const first = db.prepare('select n from t order by n');
    expect(db.prepare('select n from t order by n')).toBe(first);
    expect(db.prepare('select n from t where n > 1')).not.toBe(first);
  });

  it('prepares a fresh statement while the kept one is still being iterated', () => {
    const db = withStatementCache(sqlite);
    const sql = 'select n from t order by n';
    const outer = db.prepare(sql);
    const seen: unknown[] = [];
    for (const row of outer.iterate([])) {
      const inner = db.prepare(sql);
      expect(inner).not.toBe(outer);
      seen.push(row, inner.all([]).length);
    }
    expect(seen).toEqual([{ n: 1 }, 3, { n: 2 }, 3, { n: 3 }, 3]);
    expect(db.prepare(sql)).toBe(outer);
  });

  it('keeps no more SQL text than its limit: the least recently used goes first', () => {
    const sql = (n: number) => `select n from t where n = ${n}`;
    // Room for two of these statements' text, not three.
    const db = withStatementCache(sqlite, { statements: 100, sqlChars: sql(1).length * 2 });
    const one = db.prepare(sql(1));
    const two = db.prepare(sql(2));
    expect(db.prepare(sql(1))).toBe(one);
    db.prepare(sql(3));
    expect(db.prepare(sql(1))).toBe(one);
    expect(db.prepare(sql(2))).not.toBe(two);
  });
});
