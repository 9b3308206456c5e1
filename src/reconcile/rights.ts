import type { ViewingRight } from './model.js';
import { type Interner, NO_MATCH } from './names.js';
import { lastAtMost } from './search.js';

interface Periods {
  readonly from: Float64Array;
  /** Exclusive; `Infinity` while the right is not revoked. */
  readonly until: Float64Array;
}

/**
 * R3 rights history: per (user, site), the periods in which the user held a viewing right,
 * merged so that a revocation and a regrant at the same instant count as one unbroken right.
 */
export class RightsIndex {
  private readonly periods = new Map<number, Periods>();
  private readonly siteCount: number;

  constructor(rights: readonly ViewingRight[], users: Interner, sites: Interner) {
    this.siteCount = sites.size;
    const buckets = new Map<number, [number, number][]>();
    for (const right of rights) {
      const site = sites.find(right.siteId);
      const until = right.validUntil ?? Number.POSITIVE_INFINITY;
      if (site === NO_MATCH || !(until > right.validFrom)) continue;
      const key = users.intern(right.userId) * sites.size + site;
      const bucket = buckets.get(key) ?? [];
      bucket.push([right.validFrom, until]);
      buckets.set(key, bucket);
    }
    for (const [key, bucket] of buckets) {
      bucket.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const merged: [number, number][] = [];
      for (const [from, until] of bucket) {
        const last = merged.at(-1);
        if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], until);
        else merged.push([from, until]);
      }
      this.periods.set(key, {
        from: Float64Array.from(merged, (p) => p[0]),
        until: Float64Array.from(merged, (p) => p[1]),
      });
    }
  }

  /** The period containing `t`, or -1: `validFrom <= t < validUntil`. */
  private periodAt(periods: Periods, t: number): number {
    const i = lastAtMost(periods.from, t);
    return i >= 0 && t < periods.until[i]! ? i : -1;
  }

  /**
   * The first time of a session (`order[start..end)` into `time`, ascending) at which the user
   * held no right for the site, or null. One unbroken period over the whole span answers
   * without looking at every event.
   */
  firstTimeWithout(
    user: number,
    site: number,
    time: Float64Array,
    order: Uint32Array,
    start: number,
    end: number,
  ): number | null {
    const first = time[order[start]!]!;
    const periods = this.periods.get(user * this.siteCount + site);
    if (periods === undefined) return first;
    const i = this.periodAt(periods, first);
    if (i >= 0 && time[order[end - 1]!]! < periods.until[i]!) return null;
    for (let k = start; k < end; k++) {
      const t = time[order[k]!]!;
      if (this.periodAt(periods, t) < 0) return t;
    }
    return null;
  }
}
