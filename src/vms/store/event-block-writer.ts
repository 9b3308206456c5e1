import type { Transaction } from 'kysely';
import { type DB, isPostgres } from '../../db/index.js';
import { utcIso } from '../../time.js';
import { type ParsedVmsEvent, sameEventParts } from '../read/vms-event.js';
import {
  BLOCK_EVENTS,
  type EventBlock,
  type EventColumns,
  type EventDetails,
  encodeEventBlock,
  NO_TEXT,
  textAt,
} from './event-block.js';
import { blocksMeeting, readWholeEventBlocks } from './event-block-store.js';

const DAY_MS = 86_400_000;
/**
 * Blocks filling at once. An export in time order fills one at a time; one in another order
 * (by user, say) spreads over days, and then the fullest is written early to bound memory.
 */
const MAX_OPEN_BLOCKS = 16;
/**
 * Decoded stored blocks kept for the next comparisons: an export out of time order meets the
 * same stored blocks again and again.
 */
const CACHED_EVENTS = 200_000;

/** The earliest and the latest of `times` (an export may be in either order). */
function span(times: readonly number[]): [number, number] {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  return [first, last];
}

/** A stored block read whole: what the comparison needs is in both of its texts. */
type StoredEvents = EventBlock & EventDetails;

/**
 * Identities of events for "the same event" (R6, `sameEventParts`):
 * `time|user|camera|action text|message`, each part a number standing for one normalised text
 * — as exact as the texts and a fraction of their size.
 */
class EventIdentities {
  private readonly parts = new Map<string, number>();
  private readonly partOf = {
    user: new Map<string, number>(),
    camera: new Map<string, number>(),
    actionText: new Map<string, number>(),
    message: new Map<string, number>(),
  };

  of(ms: number, user: string, camera: string | null, actionText: string, message: string): string {
    const c = camera === null ? -1 : this.part('camera', camera);
    return `${ms}|${this.part('user', user)}|${c}|${this.part('actionText', actionText)}|${this.part('message', message)}`;
  }

  /** The identity of event `i` of a block's columns. */
  ofColumns(c: EventColumns, i: number): string {
    const text = (column: readonly number[]) => textAt(c.strings, column[i] as number);
    return this.of(
      c.time[i] as number,
      text(c.user) ?? '',
      text(c.camera),
      text(c.actionText) ?? '',
      text(c.message) ?? '',
    );
  }

  private part(kind: keyof typeof sameEventParts, raw: string): number {
    const cache = this.partOf[kind];
    let n = cache.get(raw);
    if (n === undefined) {
      // The kind leads the text: a user and a camera of the same name are different parts.
      const normalised = `${kind}:${sameEventParts[kind](raw)}`;
      n = this.parts.get(normalised);
      if (n === undefined) {
        n = this.parts.size;
        this.parts.set(normalised, n);
      }
      cache.set(raw, n);
    }
    return n;
  }
}

/**
 * The events of one block while it fills, each once. Two copies of an event share their time,
 * so in an export in time order (either way) an event can only repeat one at the block's
 * latest time: only those are compared, and most events are never compared at all. A block
 * whose times go back and forth compares every event through a set of identities instead.
 */
class OpenBlock implements EventColumns {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  readonly time: number[] = [];
  readonly rawTime: string[] = [];
  readonly user: number[] = [];
  readonly host: number[] = [];
  readonly camera: number[] = [];
  readonly action: number[] = [];
  readonly actionText: number[] = [];
  readonly message: number[] = [];
  readonly footageFrom: (number | null)[] = [];
  readonly footageTo: (number | null)[] = [];
  readonly line: number[] = [];
  /** +1 or -1 once the times have moved; the index of the first event at the latest time. */
  private direction = 0;
  private latestFrom = 0;
  /** Identities of all events, once the times went back and forth. */
  private all: Set<string> | null = null;

  constructor(
    readonly siteId: string,
    private readonly identities: EventIdentities,
  ) {}

  get size(): number {
    return this.time.length;
  }

  /** Adds `e` unless the block holds the same event; false for a duplicate. */
  add(e: ParsedVmsEvent): boolean {
    const ms = e.occurredMs;
    const n = this.size;
    const latest = n === 0 ? ms : (this.time[n - 1] as number);
    if (this.all === null && ms !== latest) {
      const direction = ms > latest ? 1 : -1;
      if (this.direction === 0) this.direction = direction;
      if (direction === this.direction) this.latestFrom = n;
      else this.all = new Set(this.time.map((_, i) => this.identities.ofColumns(this, i)));
    }
    if (this.all !== null || (n > 0 && ms === latest)) {
      const identity = this.identities.of(ms, e.vmsUser, e.cameraName, e.actionText, e.message);
      if (this.all !== null) {
        if (this.all.has(identity)) return false;
        this.all.add(identity);
      } else {
        for (let i = this.latestFrom; i < n; i++)
          if (this.identities.ofColumns(this, i) === identity) return false;
      }
    }
    this.time.push(ms);
    this.rawTime.push(e.rawTime);
    this.user.push(this.text(e.vmsUser, this.user));
    this.host.push(this.text(e.userHost, this.host));
    this.camera.push(this.text(e.cameraName, this.camera));
    this.action.push(this.text(e.action, this.action));
    this.actionText.push(this.text(e.actionText, this.actionText));
    this.message.push(this.text(e.message, this.message));
    this.footageFrom.push(e.footageFrom === null ? null : Date.parse(e.footageFrom));
    this.footageTo.push(e.footageTo === null ? null : Date.parse(e.footageTo));
    this.line.push(e.line);
    return true;
  }

  /**
   * The index of `s` in `strings`. Rows of one session repeat the row before them, and
   * comparing with that row's text (`column`'s last) is cheaper than a lookup.
   */
  private text(s: string | null, column: number[]): number {
    if (s === null) return NO_TEXT;
    const previous = column[column.length - 1];
    if (previous !== undefined && previous !== NO_TEXT && this.strings[previous] === s) return previous;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  /** The columns of the events at `keep` (all when null), ready to encode. */
  columns(keep: number[] | null): EventColumns {
    const pick = <T>(values: T[]) => (keep === null ? values : keep.map((i) => values[i] as T));
    return {
      strings: this.strings,
      time: pick(this.time),
      rawTime: pick(this.rawTime),
      user: pick(this.user),
      host: pick(this.host),
      camera: pick(this.camera),
      action: pick(this.action),
      actionText: pick(this.actionText),
      message: pick(this.message),
      footageFrom: pick(this.footageFrom),
      footageTo: pick(this.footageTo),
      line: pick(this.line),
    };
  }
}

/**
 * Stores one import's events in blocks (src/vms/event-block.ts), each event once (R6). Both
 * copies of an event have the same time, hence the same site and UTC day, hence the same
 * block while it fills (`OpenBlock` compares them); an event whose copy is already stored —
 * by an earlier import, or by this one in a block written before — is found when its block is
 * written, by reading the stored blocks whose time span meets the block's: none, for an
 * export of a new period in time order. Use within the import's transaction; `finish` writes
 * what is still open.
 */
export class EventBlockWriter {
  stored = 0;
  duplicates = 0;
  private readonly identities = new EventIdentities();
  private readonly open = new Map<string, OpenBlock>();
  private filled: OpenBlock[] = [];
  /** Stored blocks decoded, by first event id, the oldest dropped past `CACHED_EVENTS`. */
  private readonly decoded = new Map<number, StoredEvents>();
  private decodedEvents = 0;

  private constructor(
    private readonly tx: Transaction<DB>,
    private readonly importId: string,
    private nextEventId: number,
  ) {}

  /**
   * A writer for one import, its events numbered on from `vms_event_counter`. On PostgreSQL
   * the counter row stays locked until the import commits, so that two imports of overlapping
   * exports cannot both store an event; SQLite runs one writing transaction at a time anyway.
   */
  static async start(tx: Transaction<DB>, importId: string): Promise<EventBlockWriter> {
    let query = tx.selectFrom('vms_event_counter').select('next_event_id').where('id', '=', 1);
    if (isPostgres(tx)) query = query.forUpdate();
    const { next_event_id } = await query.executeTakeFirstOrThrow();
    return new EventBlockWriter(tx, importId, next_event_id);
  }

  /** Takes an event; blocks that fill up wait for `writeFilled`. */
  add(e: ParsedVmsEvent, siteId: string): void {
    const key = `${siteId}\n${Math.floor(e.occurredMs / DAY_MS)}`;
    let block = this.open.get(key);
    if (block === undefined) {
      if (this.open.size >= MAX_OPEN_BLOCKS) this.closeFullest();
      block = new OpenBlock(siteId, this.identities);
      this.open.set(key, block);
    }
    if (!block.add(e)) {
      this.duplicates += 1;
    } else if (block.size >= BLOCK_EVENTS) {
      this.open.delete(key);
      this.filled.push(block);
    }
  }

  /** Stores the blocks filled so far (called between batches of `add`, so memory stays flat). */
  async writeFilled(): Promise<void> {
    for (const block of this.filled) await this.write(block);
    this.filled = [];
  }

  /** Stores every event taken, and moves the counter past their ids. */
  async finish(): Promise<void> {
    this.filled.push(...this.open.values());
    this.open.clear();
    await this.writeFilled();
    await this.tx
      .updateTable('vms_event_counter')
      .set({ next_event_id: this.nextEventId })
      .where('id', '=', 1)
      .execute();
  }

  private closeFullest(): void {
    let fullest: [string, OpenBlock] | undefined;
    for (const entry of this.open)
      if (fullest === undefined || entry[1].size > fullest[1].size) fullest = entry;
    if (fullest === undefined) return;
    this.open.delete(fullest[0]);
    this.filled.push(fullest[1]);
  }

  private async write(block: OpenBlock): Promise<void> {
    const [first, last] = span(block.time);
    const stored = await this.storedEvents(first, last);
    let keep: number[] | null = null;
    if (stored.times.size > 0) {
      keep = [];
      for (let i = 0; i < block.size; i++) {
        const copy =
          stored.times.has(block.time[i] as number) &&
          stored.identities.has(this.identities.ofColumns(block, i));
        if (!copy) keep.push(i);
      }
      this.duplicates += block.size - keep.length;
      if (keep.length === 0) return;
      if (keep.length === block.size) keep = null;
    }
    const columns = block.columns(keep);
    const count = columns.time.length;
    const [firstAt, lastAt] = keep === null ? [first, last] : span(columns.time);
    await this.tx
      .insertInto('vms_event_blocks')
      .values({
        first_event_id: this.nextEventId,
        import_id: this.importId,
        site_id: block.siteId,
        first_at: utcIso(firstAt),
        last_at: utcIso(lastAt),
        event_count: count,
        ...encodeEventBlock(columns),
      })
      .execute();
    this.nextEventId += count;
    this.stored += count;
  }

  /** The times and identities of the stored events in `[first, last]` (epoch ms). */
  private async storedEvents(first: number, last: number) {
    const times = new Set<number>();
    const identities = new Set<string>();
    const meeting = await blocksMeeting(this.tx, first, last);
    for (const block of await this.decodedBlocks(meeting.map((b) => b.firstEventId))) {
      for (let i = 0; i < block.count; i++) {
        const t = block.time[i] as number;
        if (t < first || t > last) continue;
        times.add(t);
        identities.add(this.identities.ofColumns(block, i));
      }
    }
    return { times, identities };
  }

  private async decodedBlocks(ids: number[]): Promise<StoredEvents[]> {
    const unread = ids.filter((id) => !this.decoded.has(id));
    for await (const block of readWholeEventBlocks(this.tx, unread)) {
      this.decoded.set(block.firstEventId, block);
      this.decodedEvents += block.count;
    }
    const blocks = ids.map((id) => this.decoded.get(id) as StoredEvents);
    for (const [id, block] of this.decoded) {
      if (this.decodedEvents <= CACHED_EVENTS) break;
      this.decoded.delete(id);
      this.decodedEvents -= block.count;
    }
    return blocks;
  }
}
