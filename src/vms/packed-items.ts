import type { VmsReadStats } from './read-context.js';
import { utcIso } from './utc-iso.js';
import type { ParsedVmsEvent, RowIssue, VmsAction, VmsReadItem } from './vms-event.js';

/**
 * A batch of read items in the form that crosses from the reading thread to the importing
 * one (`read-in-worker.ts`): events as columns — numbers in typed arrays that are moved, not
 * copied, and the batch's distinct texts once — because structured-cloning a million event
 * objects costs the importing thread most of what reading elsewhere saves.
 */
export interface PackedItems {
  /** Per item: 0 an event (the next of the columns), 1 an error, 2 a warning (the next issue). */
  kinds: Uint8Array;
  issues: RowIssue[];
  strings: string[];
  line: Int32Array;
  occurredMs: Float64Array;
  rawTime: string[];
  /** Indexes into `strings`; -1 for null. */
  user: Int32Array;
  host: Int32Array;
  camera: Int32Array;
  action: Int32Array;
  actionText: Int32Array;
  message: Int32Array;
  /** Null when no event of the batch carries a footage range. */
  footage: { from: (string | null)[]; to: (string | null)[] } | null;
  rowsRead: number;
  stats: VmsReadStats;
}

const EVENT = 0;
const ERROR = 1;
const WARNING = 2;

export function packItems(items: readonly VmsReadItem[], rowsRead: number, stats: VmsReadStats): PackedItems {
  const events: ParsedVmsEvent[] = [];
  const issues: RowIssue[] = [];
  const kinds = new Uint8Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as VmsReadItem;
    if (item.kind === 'event') events.push(item.event);
    else {
      kinds[i] = item.kind === 'error' ? ERROR : WARNING;
      issues.push(item.issue);
    }
  }
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
  // Rows of one session repeat the row before them: a comparison is cheaper than a lookup.
  const column = () => {
    let last: string | null | undefined;
    let lastIndex = -1;
    return (s: string | null) => {
      if (s !== last) {
        last = s;
        lastIndex = text(s);
      }
      return lastIndex;
    };
  };
  const user = column();
  const host = column();
  const camera = column();
  const action = column();
  const actionText = column();
  const message = column();
  const n = events.length;
  const packed: PackedItems = {
    kinds,
    issues,
    strings,
    line: new Int32Array(n),
    occurredMs: new Float64Array(n),
    rawTime: new Array<string>(n),
    user: new Int32Array(n),
    host: new Int32Array(n),
    camera: new Int32Array(n),
    action: new Int32Array(n),
    actionText: new Int32Array(n),
    message: new Int32Array(n),
    footage: events.some((e) => e.footageFrom !== null || e.footageTo !== null)
      ? { from: events.map((e) => e.footageFrom), to: events.map((e) => e.footageTo) }
      : null,
    rowsRead,
    stats: { ...stats },
  };
  for (let i = 0; i < n; i++) {
    const e = events[i] as ParsedVmsEvent;
    packed.line[i] = e.line;
    packed.occurredMs[i] = e.occurredMs;
    packed.rawTime[i] = e.rawTime;
    packed.user[i] = user(e.vmsUser);
    packed.host[i] = host(e.userHost);
    packed.camera[i] = camera(e.cameraName);
    packed.action[i] = action(e.action);
    packed.actionText[i] = actionText(e.actionText);
    packed.message[i] = message(e.message);
  }
  return packed;
}

/** The typed arrays' memory, to be moved rather than copied by `postMessage`. */
export function transferList(p: PackedItems): ArrayBuffer[] {
  return [p.kinds, p.line, p.occurredMs, p.user, p.host, p.camera, p.action, p.actionText, p.message].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

export function unpackItems(p: PackedItems): VmsReadItem[] {
  const items = new Array<VmsReadItem>(p.kinds.length);
  const text = (i: number) => (i === -1 ? null : (p.strings[i] as string));
  let event = 0;
  let issue = 0;
  for (let k = 0; k < p.kinds.length; k++) {
    const kind = p.kinds[k];
    if (kind !== EVENT) {
      items[k] = { kind: kind === ERROR ? 'error' : 'warning', issue: p.issues[issue++] as RowIssue };
      continue;
    }
    const i = event++;
    const ms = p.occurredMs[i] as number;
    items[k] = {
      kind: 'event',
      event: {
        line: p.line[i] as number,
        occurredAt: utcIso(ms),
        occurredMs: ms,
        rawTime: p.rawTime[i] as string,
        vmsUser: text(p.user[i] as number) as string,
        userHost: text(p.host[i] as number),
        cameraName: text(p.camera[i] as number),
        action: text(p.action[i] as number) as VmsAction,
        actionText: text(p.actionText[i] as number) as string,
        message: text(p.message[i] as number) as string,
        footageFrom: p.footage === null ? null : (p.footage.from[i] ?? null),
        footageTo: p.footage === null ? null : (p.footage.to[i] ?? null),
      },
    };
  }
  return items;
}
