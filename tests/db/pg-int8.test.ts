import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { selectArrays } from '../../src/db/index.js';
import { describeEachDialect, type MigratedDatabase, migratedDatabase } from '../helpers/database.js';

/**
 * PostgreSQL's bigints (counts, bigserial ids, event ids) come back as numbers, as SQLite's
 * integers do, so no caller converts them; one that a JS number cannot hold exactly is refused.
 */
describeEachDialect('bigint columns and counts', (dialect) => {
  let database: MigratedDatabase;
  beforeAll(async () => {
    database = await migratedDatabase(dialect);
    await database.db
      .insertInto('audit_events')
      .values({ at: '2025-01-01T00:00:00.000Z', action: 'auth.login', outcome: 'success', status: 200 })
      .execute();
  });
  afterAll(() => database.drop());

  it('reads count(*) and a bigserial id as numbers, through Kysely and as array rows', async () => {
    const counted = await database.db
      .selectFrom('audit_events')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(counted.n).toBe(1);
    const row = await database.db.selectFrom('audit_events').select('id').executeTakeFirstOrThrow();
    expect(row.id).toBe(1);
    const arrays = await selectArrays(
      database.db,
      database.db.selectFrom('audit_events').select(['id', 'status']),
      ['id', 'status'],
    );
    expect(arrays).toEqual([[1, 200]]);
  });

  if (dialect === 'postgres') {
    it('reads the largest safe integer exactly and refuses one past it, loudly', async () => {
      const read = (n: string) => sql<{ n: number }>`select ${sql.raw(n)}::bigint as n`.execute(database.db);
      expect((await read('9007199254740991')).rows).toEqual([{ n: Number.MAX_SAFE_INTEGER }]);
      expect((await read('-9007199254740991')).rows).toEqual([{ n: Number.MIN_SAFE_INTEGER }]);
      await expect(read('9007199254740992')).rejects.toThrow(
        'PostgreSQL bigint 9007199254740992 is outside JavaScript',
      );
      await expect(read('-9007199254740993')).rejects.toThrow(/outside JavaScript's safe integers/);
      // The connection that refused the row is still good.
      expect((await read('7')).rows).toEqual([{ n: 7 }]);
    });

    it("leaves pg's global type parsers as they were", () => {
      expect(pg.types.getTypeParser(20, 'text')('42')).toBe('42');
    });
  }
});
