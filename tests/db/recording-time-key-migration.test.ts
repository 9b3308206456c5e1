import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrationsFor } from '../../migrations/index.js';
import { connect, type Database, migrateToLatest } from '../../src/db/index.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * Migration 0013 keys the recording metadata on each item's own time (R1): every stored item
 * keeps its fields, without the expiry, and an item stored twice under two settings (two
 * expiries, one time) becomes one row.
 */
describeEachDialect('recording metadata keyed on its time (migration 0013)', (dialect) => {
  let database: TestDatabase;
  let conn: Database;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    conn = connect(database.url);
    const migrator = new Migrator({
      db: conn.db,
      provider: { getMigrations: async () => migrationsFor(conn.dialect) },
    });
    const upTo12 = await migrator.migrateTo('0012-viewing-right-reasons');
    if (upTo12.error) throw upTo12.error;
    const at = '2026-10-13T18:00:00.000Z';
    await sql`insert into sites (id, name, municipality, created_at) values ('s', 'Site', 'Lahti', ${at})`.execute(
      conn.db,
    );
    await sql`insert into cameras (id, site_id, name, vms_names, created_at) values ('c', 's', 'Cam', '[]', ${at})`.execute(
      conn.db,
    );
    await sql`insert into recording_segments (camera_id, external_id, start_at, end_at, image_ref, received_at, expires_at)
              values ('c', 'seg', '2026-10-13T17:50:00.000Z', ${at}, 'vms://1', ${at}, '2026-10-27T18:00:00.000Z')`.execute(
      conn.db,
    );
    for (const expires of ['2026-10-27T18:00:00.000Z', '2026-10-13T19:00:00.000Z'])
      await sql`insert into recording_card_reads (camera_id, external_id, card_number, at, received_at, expires_at)
                values ('c', 'card', '2000123', ${at}, ${at}, ${expires})`.execute(conn.db);
    await sql`insert into recording_plate_reads (camera_id, external_id, plate, at, received_at, expires_at)
              values ('c', 'plate', 'ABC123', ${at}, ${at}, '2026-10-27T18:00:00.000Z')`.execute(conn.db);
    expect(await migrateToLatest(conn.db, conn.dialect)).toContain('0013-recording-time-key');
  });
  afterAll(async () => {
    await conn.close();
    await database.drop();
  });

  it('keeps every item, once, keyed on its own time', async () => {
    const segments = await conn.db.selectFrom('recording_segments').selectAll().execute();
    expect(segments).toEqual([
      {
        camera_id: 'c',
        external_id: 'seg',
        start_at: '2026-10-13T17:50:00.000Z',
        end_at: '2026-10-13T18:00:00.000Z',
        image_ref: 'vms://1',
        received_at: '2026-10-13T18:00:00.000Z',
      },
    ]);
    const cards = await conn.db.selectFrom('recording_card_reads').selectAll().execute();
    expect(cards).toEqual([
      {
        camera_id: 'c',
        external_id: 'card',
        card_number: '2000123',
        at: '2026-10-13T18:00:00.000Z',
        received_at: '2026-10-13T18:00:00.000Z',
      },
    ]);
    expect(await conn.db.selectFrom('recording_plate_reads').select('plate').execute()).toEqual([
      { plate: 'ABC123' },
    ]);
  });
});
