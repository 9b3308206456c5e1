import type { Executor } from '../../db/index.js';
import { utcIso } from '../../time.js';
import {
  decodeEventBlock,
  decodeEventDetails,
  type EventBlock,
  type EventDetails,
  type StoredBlock,
} from './event-block.js';

/** Blocks read by one query: a few MB of text. */
const BLOCKS_PER_QUERY = 50;

export interface BlockRef {
  firstEventId: number;
  count: number;
}

/**
 * The stored blocks (src/vms/event-block.ts) whose time span meets `[from, to]` (epoch ms,
 * both ends inclusive), at `sites` when given, in id order. One read of the time index.
 */
export async function blocksMeeting(
  db: Executor,
  from: number,
  to: number,
  sites?: readonly string[],
): Promise<BlockRef[]> {
  const rows = await db
    .selectFrom('vms_event_blocks')
    .select(['first_event_id', 'event_count'])
    .where('last_at', '>=', utcIso(from))
    .where('first_at', '<=', utcIso(to))
    .$if(sites !== undefined, (q) => q.where('site_id', 'in', sites as readonly string[]))
    .orderBy('first_event_id')
    .execute();
  return rows.map((r) => ({ firstEventId: r.first_event_id, count: r.event_count }));
}

async function* storedBlocks(
  db: Executor,
  ids: readonly number[],
  withDetails: boolean,
): AsyncGenerator<StoredBlock & { details?: string }> {
  for (let i = 0; i < ids.length; i += BLOCKS_PER_QUERY) {
    yield* await db
      .selectFrom('vms_event_blocks')
      .select(['first_event_id', 'import_id', 'site_id', 'event_count', 'events'])
      .$if(withDetails, (q) => q.select('details'))
      .where('first_event_id', 'in', ids.slice(i, i + BLOCKS_PER_QUERY))
      .orderBy('first_event_id')
      .execute();
  }
}

/** The blocks `ids` as the reconciliation reads them, a few at a time, in id order. */
export async function* readEventBlocks(db: Executor, ids: readonly number[]): AsyncGenerator<EventBlock> {
  for await (const row of storedBlocks(db, ids, false)) yield decodeEventBlock(row);
}

/** The blocks `ids` whole, with the details of every event. */
export async function* readWholeEventBlocks(
  db: Executor,
  ids: readonly number[],
): AsyncGenerator<EventBlock & EventDetails> {
  for await (const row of storedBlocks(db, ids, true)) {
    yield { ...decodeEventBlock(row), ...decodeEventDetails({ ...row, details: row.details ?? '' }) };
  }
}
