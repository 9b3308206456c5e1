import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appliedMigrations, migrateToLatest } from '../../src/db/index.js';
import { describeEachDialect, type MigratedDatabase, migratedDatabase } from '../helpers/database.js';

describeEachDialect('a database migrated by a newer release', (dialect) => {
  let database: MigratedDatabase;
  beforeAll(async () => {
    database = await migratedDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('is refused by this release with a message that says what to do, and is left as it was', async () => {
    const before = await appliedMigrations(database.db, database.dialect);
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-a-newer-release', ${new Date().toISOString()})`.execute(
      database.db,
    );
    await expect(migrateToLatest(database.db, database.dialect)).rejects.toThrow(
      /migrated by a newer cctv-ledger \(9999-from-a-newer-release unknown to this version, which knows up to \d{4}-[\w-]+\): run the newer release/,
    );
    expect(await appliedMigrations(database.db, database.dialect)).toEqual(before);
  });
});
