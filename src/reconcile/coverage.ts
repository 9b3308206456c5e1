import type { LedgerEntry } from './model.js';
import type { Interner } from './names.js';
import { NO_MATCH } from './names.js';
import { lastAtMost } from './search.js';
import type { SettingsMs } from './settings.js';

/** A ledger entry in scope with its strings resolved to indices. */
export interface PreparedEntry {
  readonly entry: LedgerEntry;
  readonly user: number;
  readonly site: number;
  readonly cameras: Int32Array;
  /** R6: the footage range is widened by 2 h when estimated (R7 item 2), else 5 min. */
  readonly footageTolerance: number;
}

/**
 * Entries in scope, in canonical order (viewedAt, id): an entry's position in this list is its
 * identity from here on, so output order never depends on input order.
 */
export function prepareEntries(
  entries: readonly LedgerEntry[],
  sites: Interner,
  users: Interner,
  cameras: Interner,
  ms: SettingsMs,
): PreparedEntry[] {
  const inScope = entries.filter((entry) => sites.find(entry.siteId) !== NO_MATCH);
  const viewedAt = Float64Array.from(inScope, (entry) => entry.viewedAt);
  const order = Uint32Array.from(inScope.keys()).sort(
    (a, b) =>
      viewedAt[a]! - viewedAt[b]! ||
      (inScope[a]!.id < inScope[b]!.id ? -1 : inScope[a]!.id > inScope[b]!.id ? 1 : 0),
  );
  return Array.from(order, (i) => {
    const entry = inScope[i]!;
    return {
      entry,
      user: users.intern(entry.viewerId),
      site: sites.find(entry.siteId),
      cameras: Int32Array.from(entry.cameraIds, (id) => cameras.intern(id)),
      footageTolerance: entry.footageTimeEstimated ? ms.estimate : ms.exact,
    };
  });
}

/** Entries of one (user, site), sorted by widened start: one sorted-and-swept lane. */
interface Lane {
  readonly position: Int32Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Running maximum of `end`, so a backward scan knows when nothing earlier can reach. */
  readonly maxEnd: Float64Array;
}

/**
 * A viewing longer than this is kept in a lane of its own: in the common lane, every
 * interval is then at most `LONG_VIEWING + 2 × matchTolerance` long, so a backward scan stops
 * within that distance of the session — one mistyped `viewedUntil` a year late cannot make
 * every later query walk back to it.
 */
const LONG_VIEWING = 12 * 60 * 60 * 1000;

/**
 * R6 coverage: an entry of the same user and site covers a session when its viewing interval
 * `[viewedAt, viewedUntil ?? viewedAt]`, widened by `matchTolerance` on both sides, overlaps
 * the session's span `[first event, last event]` (closed: 30 min exactly still covers).
 * Per (user, site), entries are sorted by widened start; a query binary-searches the last
 * entry starting by the session's end and scans back while the running maximum end still
 * reaches the session's start — sort and sweep, never entries × sessions.
 */
export class EntryIndex {
  private readonly lanes = new Map<number, Lane[]>();

  constructor(
    entries: readonly PreparedEntry[],
    private readonly siteCount: number,
    matchMs: number,
  ) {
    const buckets = new Map<number, number[]>();
    entries.forEach(({ user, site, entry }, position) => {
      const long = Math.max(0, (entry.viewedUntil ?? entry.viewedAt) - entry.viewedAt) > LONG_VIEWING;
      const key = (user * siteCount + site) * 2 + (long ? 1 : 0);
      const bucket = buckets.get(key);
      if (bucket === undefined) buckets.set(key, [position]);
      else bucket.push(position);
    });
    for (const [key, positions] of buckets) {
      const lanes = this.lanes.get(Math.floor(key / 2)) ?? [];
      lanes.push(buildLane(entries, positions, matchMs));
      this.lanes.set(Math.floor(key / 2), lanes);
    }
  }

  /** Positions of the entries covering `[from, to]`, ascending. */
  covering(user: number, site: number, from: number, to: number): number[] {
    const lanes = this.lanes.get(user * this.siteCount + site);
    if (lanes === undefined) return [];
    const found: number[] = [];
    for (const lane of lanes) {
      for (let i = lastAtMost(lane.start, to); i >= 0 && lane.maxEnd[i]! >= from; i--) {
        if (lane.end[i]! >= from) found.push(lane.position[i]!);
      }
    }
    return found.sort((a, b) => a - b);
  }
}

function buildLane(entries: readonly PreparedEntry[], positions: number[], matchMs: number): Lane {
  // Entries are in viewedAt order already, and the widened start is viewedAt - matchMs.
  const lane: Lane = {
    position: Int32Array.from(positions),
    start: new Float64Array(positions.length),
    end: new Float64Array(positions.length),
    maxEnd: new Float64Array(positions.length),
  };
  let maxEnd = Number.NEGATIVE_INFINITY;
  positions.forEach((p, i) => {
    const { viewedAt, viewedUntil } = entries[p]!.entry;
    lane.start[i] = viewedAt - matchMs;
    lane.end[i] = Math.max(viewedAt, viewedUntil ?? viewedAt) + matchMs;
    maxEnd = Math.max(maxEnd, lane.end[i]!);
    lane.maxEnd[i] = maxEnd;
  });
  return lane;
}
