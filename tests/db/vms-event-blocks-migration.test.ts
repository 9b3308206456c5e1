import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OldEvent } from '../../migrations/0008-vms-event-blocks.js';
import { migrationsFor } from '../../migrations/index.js';
import { connect, type Database, migrateToLatest } from '../../src/db/index.js';
import { decodeEventBlock, decodeEventDetails, textAt } from '../../src/vms/index.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';

type OldRow = OldEvent & { id: number };

const row = (id: number, importId: string, occurredAt: string): OldRow => ({
  id,
  import_id: importId,
  site_id: 'site-1',
  occurred_at: occurredAt,
  raw_time: `raw ${id}`,
  vms_user: id % 3 === 0 ? 'CORP\\mvirtanen' : '[BASIC]\\hkorhonen',
  user_host: id % 2 === 0 ? null : '10.0.0.7',
  camera_name: id === 5 ? null : `Kamera ${id % 2}`,
  action: id === 7 ? 'export' : 'playback',
  action_text: id === 7 ? 'Export' : 'Playback',
  message: `message ${id}`,
  footage_from: id === 2 ? '2025-07-31T08:00:00.000Z' : null,
  footage_to: id === 2 ? '2025-07-31T08:05:00.000Z' : null,
  line: id + 1,
});

/**
 * Migration 0008 moves imported events from a row each into blocks: every event keeps its id
 * and every field, a block never spans a gap in the ids, two imports or two UTC days, and the
 * counter for new events starts past every id the old table handed out.
 */
describeEachDialect('vms_events into blocks (migration 0008)', (dialect) => {
  let database: TestDatabase;
  let conn: Database;
  const rows = [
    row(1, 'import-1', '2025-08-01T10:00:00.000Z'),
    row(2, 'import-1', '2025-08-01T10:00:01.000Z'),
    row(3, 'import-1', '2025-08-01T10:00:02.000Z'),
    row(4, 'import-1', '2025-08-01T10:00:03.000Z'),
    row(5, 'import-1', '2025-08-01T10:00:04.000Z'),
    row(6, 'import-2', '2025-08-01T23:59:59.000Z'),
    row(7, 'import-2', '2025-08-01T23:59:59.500Z'),
    row(8, 'import-2', '2025-08-02T00:00:00.000Z'),
    row(9, 'import-2', '2025-08-02T00:00:01.000Z'),
  ];
  // Event 4 and the newest event, 9, were purged before the migration.
  const kept = rows.filter((r) => r.id !== 4 && r.id !== 9);

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    conn = connect(database.url);
    const migrator = new Migrator({
      db: conn.db,
      provider: { getMigrations: async () => migrationsFor(conn.dialect) },
    });
    const upTo7 = await migrator.migrateTo('0007-vms-event-time-key');
    if (upTo7.error) throw upTo7.error;
    for (const r of rows) {
      const { id: _id, ...values } = r;
      await sql`insert into vms_events (event_key, ${sql.join(Object.keys(values).map((k) => sql.ref(k)))})
                values (${`key-${r.id}`}, ${sql.join(Object.values(values))})`.execute(conn.db);
    }
    await sql`delete from vms_events where id in (4, 9)`.execute(conn.db);
    // Later migrations follow; 0008 is the one this test is about.
    expect((await migrateToLatest(conn.db, conn.dialect))[0]).toBe('0008-vms-event-blocks');
  });

  afterAll(async () => {
    await conn.db.destroy();
    await database.drop();
  });

  it('keeps every event with its id and fields, in blocks cut at id gaps, imports and days', async () => {
    const stored = await conn.db
      .selectFrom('vms_event_blocks')
      .selectAll()
      .orderBy('first_event_id')
      .execute();
    expect(stored.map((b) => [b.first_event_id, b.event_count, b.import_id, b.first_at, b.last_at])).toEqual([
      [1, 3, 'import-1', '2025-08-01T10:00:00.000Z', '2025-08-01T10:00:02.000Z'],
      [5, 1, 'import-1', '2025-08-01T10:00:04.000Z', '2025-08-01T10:00:04.000Z'],
      [6, 2, 'import-2', '2025-08-01T23:59:59.000Z', '2025-08-01T23:59:59.500Z'],
      [8, 1, 'import-2', '2025-08-02T00:00:00.000Z', '2025-08-02T00:00:00.000Z'],
    ]);
    const events: OldRow[] = [];
    for (const b of stored.map((row) => ({ ...decodeEventBlock(row), ...decodeEventDetails(row) }))) {
      const text = (column: readonly number[], i: number) => textAt(b.strings, column[i]!);
      const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
      for (let i = 0; i < b.count; i++) {
        events.push({
          id: b.firstEventId + i,
          import_id: b.importId,
          site_id: b.siteId,
          occurred_at: iso(b.time[i])!,
          raw_time: b.rawTime[i]!,
          vms_user: text(b.user, i)!,
          user_host: text(b.host, i),
          camera_name: text(b.camera, i),
          action: text(b.action, i)!,
          action_text: text(b.actionText, i)!,
          message: text(b.message, i)!,
          footage_from: iso(b.footageFrom?.[i]),
          footage_to: iso(b.footageTo?.[i]),
          line: b.line[i]!,
        });
      }
    }
    expect(events).toEqual(kept);
  });

  it('hands out ids past every id the old table gave, the purged newest one included', async () => {
    const counter = await conn.db.selectFrom('vms_event_counter').selectAll().executeTakeFirstOrThrow();
    expect(counter.next_event_id).toBe(10);
    const tables = await sql<{ n: number }>`
      select count(*) as n from ${sql.raw(dialect === 'postgres' ? 'information_schema.tables' : 'sqlite_master')}
      where ${sql.ref(dialect === 'postgres' ? 'table_name' : 'name')} = 'vms_events'`.execute(conn.db);
    expect(tables.rows[0]!.n).toBe(0);
  });
});
