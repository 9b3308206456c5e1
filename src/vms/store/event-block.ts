/**
 * R6: imported camera-system events are stored in blocks — up to `BLOCK_EVENTS` events of one
 * import, one site and one UTC day — each as two JSON texts of columns, instead of a row per
 * event. Why: a row per event made storing a million-row export cost more than reading it
 * (`bench/vms.mjs`: 7 s of SQLite work per million rows, against under a second in blocks),
 * and the reconciliation reads events only in bulk, by time. An event keeps its own id
 * (`firstEventId + i`), its UTC time, the raw time text and every field the file gave.
 *
 * The two texts (format 1) split what the reconciliation reads from the rest, so that it
 * neither reads nor parses the raw times and messages of a million events:
 *   events:  {"v":1, "strings":[…], "time":[…], "user":[…], "camera":[…], "action":[…],
 *             "footageFrom":[…]|null, "footageTo":[…]|null}
 *   details: {"v":1, "rawTime":[…], "host":[…], "actionText":[…], "message":[…], "line":[…]}
 * `time` and `line` are the first value and then differences to the previous one (small
 * numbers in an export in time order); the text columns of both are indexes into `strings`,
 * -1 for none; a footage column is null when no event of the block has one.
 */

export const BLOCK_FORMAT = 1;
/** Events per block at most: big enough that per-block costs vanish, small enough to decode at once. */
export const BLOCK_EVENTS = 4096;
export const NO_TEXT = -1;

/** One stored block's events as the reconciliation reads them. Event `i` has id `firstEventId + i`. */
export interface EventBlock {
  readonly firstEventId: number;
  readonly importId: string;
  readonly siteId: string;
  readonly count: number;
  /** The distinct texts of the block; the text columns index into it, `NO_TEXT` for none. */
  readonly strings: readonly string[];
  /** UTC epoch milliseconds. */
  readonly time: readonly number[];
  readonly user: readonly number[];
  readonly camera: readonly number[];
  /** The classified action (`VmsAction`), as a text index. */
  readonly action: readonly number[];
  /** Footage range viewed, UTC epoch ms; null when no event of the block carries one. */
  readonly footageFrom: readonly (number | null)[] | null;
  readonly footageTo: readonly (number | null)[] | null;
}

/** The rest of each event of a block (text columns index into the block's `strings`). */
export interface EventDetails {
  /** The time exactly as the file wrote it. */
  readonly rawTime: readonly string[];
  readonly host: readonly number[];
  readonly actionText: readonly number[];
  readonly message: readonly number[];
  readonly line: readonly number[];
}

/** All columns of one block, as the writer collects them. */
export type EventColumns = Omit<EventBlock, 'firstEventId' | 'importId' | 'siteId' | 'count'> & EventDetails;

/** The text of `s.strings[i]`, or null for `NO_TEXT`. */
export function textAt(strings: readonly string[], i: number): string | null {
  return i === NO_TEXT ? null : (strings[i] as string);
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

export function encodeEventBlock(c: EventColumns): { events: string; details: string } {
  return {
    events: JSON.stringify({
      v: BLOCK_FORMAT,
      strings: c.strings,
      time: deltas(c.time),
      user: c.user,
      camera: c.camera,
      action: c.action,
      footageFrom: c.footageFrom === null || allNull(c.footageFrom) ? null : c.footageFrom,
      footageTo: c.footageTo === null || allNull(c.footageTo) ? null : c.footageTo,
    }),
    details: JSON.stringify({
      v: BLOCK_FORMAT,
      rawTime: c.rawTime,
      host: c.host,
      actionText: c.actionText,
      message: c.message,
      line: deltas(c.line),
    }),
  };
}

export interface StoredBlock {
  first_event_id: number;
  import_id: string;
  site_id: string;
  event_count: number;
  events: string;
}

/** A block this version cannot read throws: a finding must never rest on a misread block. */
function checked<T extends { v: number }>(text: string, length: (data: T) => number, row: StoredBlock): T {
  const data = JSON.parse(text) as T;
  if (data.v !== BLOCK_FORMAT || length(data) !== row.event_count) {
    throw new Error(
      `camera-system event block ${row.first_event_id} has format ${data.v} and ${length(data)} events; expected format ${BLOCK_FORMAT} and ${row.event_count}`,
    );
  }
  return data;
}

export function decodeEventBlock(row: StoredBlock): EventBlock {
  type Stored = Omit<EventBlock, 'firstEventId' | 'importId' | 'siteId' | 'count'> & { v: number };
  const { v: _format, ...data } = checked<Stored>(row.events, (d) => d.time.length, row);
  return {
    ...data,
    firstEventId: row.first_event_id,
    importId: row.import_id,
    siteId: row.site_id,
    count: row.event_count,
    time: sums(data.time),
  };
}

export function decodeEventDetails(row: StoredBlock & { details: string }): EventDetails {
  const { v: _format, ...data } = checked<EventDetails & { v: number }>(
    row.details,
    (d) => d.line.length,
    row,
  );
  return { ...data, line: sums(data.line) };
}
