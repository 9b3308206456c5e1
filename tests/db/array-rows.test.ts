import { afterAll, beforeAll, expect, it } from 'vitest';
import { selectArrays } from '../../src/db/index.js';
import { describeEachDialect, type MigratedDatabase, migratedDatabase } from '../helpers/database.js';

describeEachDialect('selectArrays', (dialect) => {
  let database: MigratedDatabase;
  beforeAll(async () => {
    database = await migratedDatabase(dialect);
    await database.db
      .insertInto('sites')
      .values(
        ['Heinola', 'Lahti'].map((name) => ({
          id: `site-${name}`,
          name,
          municipality: name,
          created_at: '2025-01-01T00:00:00.000Z',
        })),
      )
      .execute();
  });
  afterAll(() => database.drop());

  const columns = ['name', 'id', 'municipality'] as const;
  const sites = (db = database.db) => db.selectFrom('sites').select(columns).orderBy('name');
  const expected = [
    ['Heinola', 'site-Heinola', 'Heinola'],
    ['Lahti', 'site-Lahti', 'Lahti'],
  ];

  it("returns rows as arrays in the columns' order, inside a transaction too", async () => {
    expect(await selectArrays(database.db, sites(), columns)).toEqual(expected);
    const inside = await database.db.transaction().execute((tx) => selectArrays(tx, sites(tx), columns));
    expect(inside).toEqual(expected);
  });

  it('never sees the rows of a transaction in progress, here one that then rolls back', async () => {
    let inserted!: () => void;
    const insertDone = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    let rollBack!: () => void;
    const decided = new Promise<void>((resolve) => {
      rollBack = resolve;
    });
    const writer = database.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('sites')
        .values({
          id: 'site-Sysma',
          name: 'Sysmä',
          municipality: 'Sysmä',
          created_at: '2025-01-01T00:00:00.000Z',
        })
        .execute();
      inserted();
      await decided;
      throw new Error('rolled back');
    });
    await insertDone;
    // SQLite has one connection: the read must wait for the transaction to end, not run on
    // the connection in the middle of it. PostgreSQL reads on another connection.
    const read = selectArrays(database.db, sites(), columns);
    await new Promise((resolve) => setTimeout(resolve, 50));
    rollBack();
    await expect(writer).rejects.toThrow('rolled back');
    expect(await read).toEqual(expected);
  });
});
