import { type Kysely, type Migration, sql } from 'kysely';
import type { MigrationDialect } from './index.js';

/**
 * Imported camera-system events move from a row each (`vms_events`) to blocks of up to 4096
 * events of one import, one site and one UTC day, as JSON texts of columns: what the
 * reconciliation reads, and the rest (`vms_event_blocks`, format 1; the application's reader
 * is src/vms/event-block.ts). A row per
 * event made storing a million-row export cost more than reading it (`bench/vms.mjs`), and events are
 * only ever read in bulk by time.
 *
 * Every event keeps its id (findings link to events by id): a block holds events with
 * consecutive ids from `first_event_id`, so the existing rows are cut into blocks wherever the
 * ids skip. `vms_event_counter` hands out the ids of new events and starts past every id the
 * old table ever gave, so an id is never reused for another event.
 */
export function vmsEventBlocks(dialect: MigrationDialect): Migration {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('vms_event_blocks')
        .addColumn('first_event_id', bigint, (c) => c.primaryKey())
        .addColumn('import_id', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text', (c) => c.notNull())
        .addColumn('first_at', 'text', (c) => c.notNull())
        .addColumn('last_at', 'text', (c) => c.notNull())
        .addColumn('event_count', 'integer', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      // The reads by time (reconciliation, dedup of overlapping imports) and the purge, which
      // deletes a block once its last event is past the retention.
      await db.schema
        .createIndex('vms_event_blocks_time')
        .on('vms_event_blocks')
        .columns(['last_at', 'first_at'])
        .execute();
      await db.schema
        .createTable('vms_event_counter')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('next_event_id', bigint, (c) => c.notNull())
        .execute();

      const nextId = await copyRowsIntoBlocks(db);
      await sql`insert into vms_event_counter (id, next_event_id)
                values (1, ${Math.max(nextId, await pastLastIssuedId(db, dialect))})`.execute(db);
      await db.schema.dropTable('vms_events').execute();
    },
  };
}

/** The first id the old table would have handed out next (its counter survives deletions). */
async function pastLastIssuedId(db: Kysely<unknown>, dialect: MigrationDialect): Promise<number> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{ last_value: string; is_called: boolean }>`
      select last_value, is_called from vms_events_id_seq`.execute(db);
    const row = rows[0];
    return row ? Number(row.last_value) + (row.is_called ? 1 : 0) : 1;
  }
  const { rows } = await sql<{ seq: number }>`
    select seq from sqlite_sequence where name = 'vms_events'`.execute(db);
  return (rows[0]?.seq ?? 0) + 1;
}

/** A row of the old table (exported for the migration's test). */
export interface OldEvent {
  id: number | string;
  import_id: string;
  site_id: string;
  occurred_at: string;
  raw_time: string;
  vms_user: string;
  user_host: string | null;
  camera_name: string | null;
  action: string;
  action_text: string;
  message: string;
  footage_from: string | null;
  footage_to: string | null;
  line: number;
}

const PAGE = 5000;
const BLOCK_EVENTS = 4096;

/** Copies `vms_events` into blocks in id order; returns one past the highest id copied. */
async function copyRowsIntoBlocks(db: Kysely<unknown>): Promise<number> {
  let block: OldEvent[] = [];
  let afterId = 0;
  const flush = async () => {
    if (block.length > 0) await insertBlock(db, block);
    block = [];
  };
  for (;;) {
    const { rows } = await sql<OldEvent>`
      select id, import_id, site_id, occurred_at, raw_time, vms_user, user_host, camera_name,
             action, action_text, message, footage_from, footage_to, line
      from vms_events where id > ${afterId} order by id limit ${PAGE}`.execute(db);
    for (const row of rows) {
      const last = block[block.length - 1];
      const fits =
        last !== undefined &&
        block.length < BLOCK_EVENTS &&
        Number(row.id) === Number(last.id) + 1 &&
        row.import_id === last.import_id &&
        row.site_id === last.site_id &&
        row.occurred_at.slice(0, 10) === last.occurred_at.slice(0, 10);
      if (!fits) await flush();
      block.push(row);
    }
    if (rows.length < PAGE) break;
    afterId = Number(rows[rows.length - 1]!.id);
  }
  const lastId = block.length > 0 ? Number(block[block.length - 1]!.id) : afterId;
  await flush();
  return lastId + 1;
}

/** Format 1 of src/vms/event-block.ts, frozen here as migrations import no application code. */
async function insertBlock(db: Kysely<unknown>, events: OldEvent[]) {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const text = (s: string | null) => {
    if (s === null) return -1;
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  const deltas = (values: number[]) => values.map((v, i) => (i === 0 ? v : v - values[i - 1]!));
  const footageFrom = events.map((e) => ms(e.footage_from));
  const footageTo = events.map((e) => ms(e.footage_to));
  const times = events.map((e) => Date.parse(e.occurred_at));
  const data = {
    v: 1,
    strings,
    time: deltas(times),
    user: events.map((e) => text(e.vms_user)),
    camera: events.map((e) => text(e.camera_name)),
    action: events.map((e) => text(e.action)),
    footageFrom: footageFrom.every((v) => v === null) ? null : footageFrom,
    footageTo: footageTo.every((v) => v === null) ? null : footageTo,
  };
  const details = {
    v: 1,
    rawTime: events.map((e) => e.raw_time),
    host: events.map((e) => text(e.user_host)),
    actionText: events.map((e) => text(e.action_text)),
    message: events.map((e) => text(e.message)),
    line: deltas(events.map((e) => e.line)),
  };
  const first = events[0]!;
  await sql`insert into vms_event_blocks
              (first_event_id, import_id, site_id, first_at, last_at, event_count, events, details)
            values (${Number(first.id)}, ${first.import_id}, ${first.site_id},
                    ${new Date(Math.min(...times)).toISOString()},
                    ${new Date(Math.max(...times)).toISOString()},
                    ${events.length}, ${JSON.stringify(data)}, ${JSON.stringify(details)})`.execute(db);
}
