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
