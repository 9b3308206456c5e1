/**
 * R6: imported camera-system events are stored in blocks — up to `BLOCK_EVENTS` events of one
 * import, one site and one UTC day — each one JSON text of columns, instead of a row per event.
 * Why: a row per event made storing a million-row export cost more than reading it (issue 6
 * benchmark: 7 s of SQLite work per million rows, against 0.3 s for the same events in blocks),
 * and the reconciliation reads events only in bulk, by time. An event keeps its own id
 * (`firstEventId + i`), its UTC time, the raw time text and every field the file gave.
 *
 * The stored text (format 1):
 *   {"v":1, "strings":[…], "time":[…], "rawTime":[…], "user":[…], "host":[…], "camera":[…],
 *    "action":[…], "actionText":[…], "message":[…], "footageFrom":[…]|null,
 *    "footageTo":[…]|null, "line":[…]}
 * `time` and `line` are the first value and then differences to the previous one (small
 * numbers in an export in time order); the text columns are indexes into `strings`, -1 for
 * none; a footage column is null when no event of the block has one.
 */

import type { VmsAction } from './vms-event.js';

export const BLOCK_FORMAT = 1;
/** Events per block at most: big enough that per-block costs vanish, small enough to decode at once. */
export const BLOCK_EVENTS = 4096;
export const NO_TEXT = -1;

/** One stored block, decoded. Event `i` has id `firstEventId + i`. */
export interface EventBlock {
  readonly firstEventId: number;
  readonly importId: string;
  readonly siteId: string;
  readonly count: number;
  /** The distinct texts of the block; the text columns index into it, `NO_TEXT` for none. */
  readonly strings: readonly string[];
  /** UTC epoch milliseconds. */
  readonly time: readonly number[];
  /** The time exactly as the file wrote it. */
  readonly rawTime: readonly string[];
  readonly user: readonly number[];
  readonly host: readonly number[];
  readonly camera: readonly number[];
  /** The classified action (`VmsAction`), as a text index. */
  readonly action: readonly number[];
  readonly actionText: readonly number[];
  readonly message: readonly number[];
  /** Footage range viewed, UTC epoch ms; null when no event of the block carries one. */
  readonly footageFrom: readonly (number | null)[] | null;
  readonly footageTo: readonly (number | null)[] | null;
  readonly line: readonly number[];
}

/** The columns of one block as the writer collects them. */
export type EventColumns = Omit<EventBlock, 'firstEventId' | 'importId' | 'siteId' | 'count'>;

/** The text of `s.strings[i]`, or null for `NO_TEXT`. */
export function textAt(strings: readonly string[], i: number): string | null {
  return i === NO_TEXT ? null : (strings[i] as string);
}

export function actionAt(block: EventBlock, i: number): VmsAction {
  return block.strings[block.action[i] as number] as VmsAction;
}

function deltas(values: readonly number[]): number[] {
  const out = new Array<number>(values.length);
  let previous = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    out[i] = v - previous;
    previous = v;
  }
  return out;
}

function sums(values: readonly number[]): number[] {
  const out = new Array<number>(values.length);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    total += values[i] as number;
    out[i] = total;
  }
  return out;
}

const allNull = (values: readonly (number | null)[]) => values.every((v) => v === null);

export function encodeEventBlock(c: EventColumns): string {
  return JSON.stringify({
    v: BLOCK_FORMAT,
    strings: c.strings,
    time: deltas(c.time),
    rawTime: c.rawTime,
    user: c.user,
    host: c.host,
    camera: c.camera,
    action: c.action,
    actionText: c.actionText,
    message: c.message,
    footageFrom: c.footageFrom === null || allNull(c.footageFrom) ? null : c.footageFrom,
    footageTo: c.footageTo === null || allNull(c.footageTo) ? null : c.footageTo,
    line: deltas(c.line),
  });
}

export interface StoredBlock {
  first_event_id: number;
  import_id: string;
  site_id: string;
  event_count: number;
  events: string;
}

/** Throws on a block this version cannot read: a finding must never rest on a misread block. */
export function decodeEventBlock(row: StoredBlock): EventBlock {
  const data = JSON.parse(row.events) as EventColumns & { v: number };
  if (data.v !== BLOCK_FORMAT || data.time.length !== row.event_count) {
    throw new Error(
      `camera-system event block ${row.first_event_id} has format ${data.v} and ${data.time.length} events; expected format ${BLOCK_FORMAT} and ${row.event_count}`,
    );
  }
  return {
    ...data,
    firstEventId: Number(row.first_event_id),
    importId: row.import_id,
    siteId: row.site_id,
    count: row.event_count,
    time: sums(data.time),
    line: sums(data.line),
  };
}
