import { Migrator } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrationsFor } from '../../migrations/index.js';
import {
  bulkInserter,
  connect,
  type Database,
  migrateToLatest,
  type VmsEventsTable,
} from '../../src/db/index.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';

const event = (n: number, occurredAt: string): Omit<VmsEventsTable, 'id'> => ({
  event_key: `key-${n}`,
  import_id: 'import-1',
  site_id: 'site-1',
  occurred_at: occurredAt,
  raw_time: `raw ${n}`,
  vms_user: 'hkorhonen',
  user_host: n % 2 === 0 ? null : '10.0.0.7',
  camera_name: `Kamera ${n}`,
  action: 'playback',
  action_text: 'Playback',
  message: `message ${n}`,
  footage_from: null,
  footage_to: null,
  line: n + 1,
});

/**
 * Migration 0007 moves the dedup key's uniqueness to (occurred_at, event_key); events
 * imported before it keep their ids, and an id is not reused after the rebuild on SQLite.
 */
describeEachDialect('vms_events after migration 0007', (dialect) => {
  let database: TestDatabase;
  let conn: Database;
  // PostgreSQL's bigserial ids come back as strings.
  const read = async (key?: string) =>
    (
      await conn.db
        .selectFrom('vms_events')
        .selectAll()
        .$if(key !== undefined, (q) => q.where('event_key', '=', key!))
        .orderBy('id')
        .execute()
    ).map((r) => ({ ...r, id: Number(r.id) }));
  const before = [event(1, '2025-08-01T10:00:00.000Z'), event(2, '2025-08-01T10:00:01.000Z')];

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    conn = connect(database.url);
    const migrator = new Migrator({
      db: conn.db,
      provider: { getMigrations: async () => migrationsFor(conn.dialect) },
    });
    const upTo6 = await migrator.migrateTo('0006-ledger-export');
    if (upTo6.error) throw upTo6.error;
    await conn.db
      .insertInto('vms_events')
      .values([...before, event(3, '2025-08-01T10:00:02.000Z')])
      .execute();
    // The newest event was purged: its id must not come back after the rebuild.
    await conn.db.deleteFrom('vms_events').where('event_key', '=', 'key-3').execute();
    expect(await migrateToLatest(conn.db, conn.dialect)).toEqual(['0007-vms-event-time-key']);
  });

  afterAll(async () => {
    await conn.db.destroy();
    await database.drop();
  });

  it('keeps the events imported before it, with their ids', async () => {
    expect(await read()).toEqual(before.map((e, i) => ({ ...e, id: i + 1 })));
  });

  it('stores an event once per (time, key) and never reuses an id', async () => {
    const insert = bulkInserter(conn.db, 'vms_events', Object.keys(before[0]!) as never, [
      'occurred_at',
      'event_key',
    ]);
    const next = event(4, '2025-08-01T10:00:03.000Z');
    expect(await insert([...before, next])).toBe(1);
    expect(await insert([next])).toBe(0);
    const stored = await read('key-4');
    // Skipped duplicates may consume ids too (both dialects); what matters is no reuse of 3.
    expect(stored).toEqual([{ ...next, id: expect.any(Number) }]);
    expect(stored[0]!.id).toBeGreaterThan(3);
  });

  it('refuses a second row with the same time and key in the database itself', async () => {
    await expect(conn.db.insertInto('vms_events').values(before[0]!).execute()).rejects.toThrow(/unique/i);
  });
});
