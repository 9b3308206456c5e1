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
  const prepared: PreparedEntry[] = [];
  for (const entry of entries) {
    const site = sites.find(entry.siteId);
    if (site === NO_MATCH) continue;
    prepared.push({
      entry,
      user: users.intern(entry.viewerId),
      site,
      cameras: Int32Array.from(entry.cameraIds, (id) => cameras.intern(id)),
      footageTolerance: entry.footageTimeEstimated ? ms.estimate : ms.exact,
    });
  }
  return prepared.sort(
    (a, b) =>
      a.entry.viewedAt - b.entry.viewedAt ||
      (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0),
  );
}

interface Group {
  /** Entry positions sorted by widened start. */
  readonly position: Int32Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Running maximum of `end`, so a backward scan knows when nothing earlier can reach. */
  readonly maxEnd: Float64Array;
}

/**
 * R6 coverage: an entry of the same user and site covers a session when its viewing interval
 * `[viewedAt, viewedUntil ?? viewedAt]`, widened by `matchTolerance` on both sides, overlaps
 * the session's span `[first event, last event]` (closed: 30 min exactly still covers).
 * Per (user, site), entries are sorted by widened start; a query binary-searches the last
 * entry starting before the session ends and scans back while the running maximum end still
 * reaches the session's start — sort and sweep, never entries × sessions.
 */
export class EntryIndex {
  private readonly groups = new Map<number, Group>();

  constructor(
    entries: readonly PreparedEntry[],
    private readonly siteCount: number,
    matchMs: number,
  ) {
    const buckets = new Map<number, number[]>();
    entries.forEach((prepared, position) => {
      const key = prepared.user * siteCount + prepared.site;
      const bucket = buckets.get(key);
      if (bucket === undefined) buckets.set(key, [position]);
      else bucket.push(position);
    });
    for (const [key, positions] of buckets) {
      const start = (p: number): number => entries[p]!.entry.viewedAt - matchMs;
      positions.sort((a, b) => start(a) - start(b) || a - b);
      const group: Group = {
        position: Int32Array.from(positions),
        start: new Float64Array(positions.length),
        end: new Float64Array(positions.length),
        maxEnd: new Float64Array(positions.length),
      };
      let maxEnd = Number.NEGATIVE_INFINITY;
      positions.forEach((p, i) => {
        const { viewedAt, viewedUntil } = entries[p]!.entry;
        group.start[i] = viewedAt - matchMs;
        group.end[i] = Math.max(viewedAt, viewedUntil ?? viewedAt) + matchMs;
        maxEnd = Math.max(maxEnd, group.end[i]!);
        group.maxEnd[i] = maxEnd;
      });
      this.groups.set(key, group);
    }
  }

  /** Positions of the entries covering `[from, to]`, ascending. */
  covering(user: number, site: number, from: number, to: number): number[] {
    const group = this.groups.get(user * this.siteCount + site);
    if (group === undefined) return [];
    const found: number[] = [];
    for (let i = lastAtMost(group.start, to); i >= 0 && group.maxEnd[i]! >= from; i--) {
      if (group.end[i]! >= from) found.push(group.position[i]!);
    }
    return found.sort((a, b) => a - b);
  }
}
