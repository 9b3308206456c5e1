import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database, inTransaction, migrateToLatest } from '../../src/db/index.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

describe('WriteBatcher (SQLite group commit)', () => {
  let td: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    td = await freshDatabase('sqlite');
    database = connect(td.url);
    await migrateToLatest(database.db, database.dialect);
  });
  afterAll(async () => {
    await database.close();
    await td.drop();
  });

  const site = (name: string) => ({
    id: name,
    name,
    municipality: 'Lahti',
    created_at: new Date().toISOString(),
  });

  it('commits concurrent writes together, and a failing one rolls back alone', async () => {
    const results = await Promise.allSettled(
      ['a', 'b', 'bad', 'c'].map((name) =>
        inTransaction(database.db, async (tx) => {
          await tx.insertInto('sites').values(site(name)).execute();
          if (name === 'bad') throw new Error('refused');
          // A transaction sees its own write.
          return (await tx.selectFrom('sites').select('id').where('id', '=', name).executeTakeFirstOrThrow())
            .id;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe('refused');
    const ids = (await database.db.selectFrom('sites').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(ids).toEqual(['a', 'b', 'c']);
  });

  // An acknowledged write is durable: no caller hears of success before the batch's commit, so a
  // commit that fails (here on a foreign key deferred to it) fails every write in the batch.
  it('answers no write of a batch before its commit, and fails them all when the commit fails', async () => {
    const write = (name: string, deferredViolation = false) =>
      inTransaction(database.db, async (tx) => {
        if (deferredViolation) {
          await sql`pragma defer_foreign_keys = on`.execute(tx);
          await tx
            .insertInto('cameras')
            .values({ id: name, site_id: 'no-such-site', name, vms_names: '[]', created_at: '2025-01-01' })
            .execute();
        } else {
          await tx.insertInto('sites').values(site(name)).execute();
        }
        return name;
      });
    const results = await Promise.allSettled([write('d'), write('deferred', true), write('e')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    const stored = await database.db.selectFrom('sites').select('id').where('id', 'in', ['d', 'e']).execute();
    expect(stored).toEqual([]);
    expect(await inTransaction(database.db, async () => 'the next batch commits')).toBe(
      'the next batch commits',
    );
  });

  it('a nested inTransaction joins the outer one', async () => {
    await expect(
      inTransaction(database.db, async (tx) => {
        await inTransaction(tx, async (inner) => inner.insertInto('sites').values(site('nested')).execute());
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(
      await database.db.selectFrom('sites').select('id').where('id', '=', 'nested').executeTakeFirst(),
    ).toBeUndefined();
  });
});
