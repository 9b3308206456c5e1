import { type Kysely, type Migration, sql } from 'kysely';
import type { MigrationDialect } from './index.js';

/**
 * The dedup key of an imported camera-system event becomes unique together with its time,
 * (occurred_at, event_key), instead of alone. The key hashes the UTC time among the rest, so
 * the same event still has one row; but a key that begins with the time lands where the
 * index already ends (exports are in time order), where a random 22-character key made every
 * insert of a million-row import touch a random index page — half of SQLite's share of the
 * import (`bench/vms.mjs`). The new index also serves the time-range reads of the
 * reconciliation and the purge, so the separate occurred_at index goes.
 *
 * SQLite cannot drop a column's UNIQUE constraint: the table is rebuilt (nothing refers to
 * it by foreign key), keeping ids and the AUTOINCREMENT counter, so an id is never reused
 * for another event (findings link to events by id).
 */
export function vmsEventTimeKey(dialect: MigrationDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres') {
        await sql`alter table vms_events drop constraint vms_events_event_key_key`.execute(db);
      } else {
        await rebuildSqliteTable(db);
      }
      await sql`drop index if exists vms_events_occurred`.execute(db);
      await db.schema
        .createIndex('vms_events_time_key')
        .on('vms_events')
        .columns(['occurred_at', 'event_key'])
        .unique()
        .execute();
    },
  };
}

async function rebuildSqliteTable(db: Kysely<unknown>) {
  const counter = await sql<{ seq: number }>`
    select seq from sqlite_sequence where name = 'vms_events'`.execute(db);
  await db.schema
    .createTable('vms_events_rebuilt')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('raw_time', 'text', (c) => c.notNull())
    .addColumn('vms_user', 'text', (c) => c.notNull())
    .addColumn('user_host', 'text')
    .addColumn('camera_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('action_text', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('footage_from', 'text')
    .addColumn('footage_to', 'text')
    .addColumn('line', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into vms_events_rebuilt select * from vms_events order by id`.execute(db);
  await sql`drop table vms_events`.execute(db);
  await sql`alter table vms_events_rebuilt rename to vms_events`.execute(db);
  const last = counter.rows[0]?.seq;
  if (last !== undefined) {
    await sql`delete from sqlite_sequence where name = 'vms_events'`.execute(db);
    await sql`insert into sqlite_sequence (name, seq) values ('vms_events', ${last})`.execute(db);
  }
}
