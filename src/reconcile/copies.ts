import type { CopyRecord } from './model.js';
import { type Interner, NO_MATCH } from './names.js';
import { firstAtLeast } from './search.js';

interface SiteCopies {
  readonly madeAt: Float64Array;
  readonly copies: readonly CopyRecord[];
}

/** Copies in scope, each once (the caller's two queries may overlap), by site and time made. */
export class CopyIndex {
  readonly copies: readonly CopyRecord[];
  private readonly bySite = new Map<number, SiteCopies>();

  constructor(copies: readonly CopyRecord[], sites: Interner) {
    const unique = new Map<string, CopyRecord>();
    for (const copy of copies) {
      if (sites.find(copy.siteId) !== NO_MATCH && !unique.has(copy.id)) unique.set(copy.id, copy);
    }
    this.copies = [...unique.values()].sort(
      (a, b) => a.madeAt - b.madeAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    const buckets = new Map<number, CopyRecord[]>();
    for (const copy of this.copies) {
      const site = sites.find(copy.siteId);
      const bucket = buckets.get(site) ?? [];
      bucket.push(copy);
      buckets.set(site, bucket);
    }
    for (const [site, bucket] of buckets) {
      this.bySite.set(site, { madeAt: Float64Array.from(bucket, (c) => c.madeAt), copies: bucket });
    }
  }

  /**
   * R2/R6 `unlogged_export`: is an export session at a site accounted for by a copy of that
   * site made within `toleranceMs` of the session's span, by the same user or for a request
   * of that site? `userId` is null when the VMS user maps to no staff member.
   */
  accountsForExport(
    site: number,
    siteId: string,
    userId: string | null,
    from: number,
    to: number,
    toleranceMs: number,
  ): boolean {
    const group = this.bySite.get(site);
    if (group === undefined) return false;
    for (let i = firstAtLeast(group.madeAt, from - toleranceMs); i < group.copies.length; i++) {
      const copy = group.copies[i]!;
      if (copy.madeAt > to + toleranceMs) break;
      if (copy.madeBy === userId || copy.requestSiteId === siteId) return true;
    }
    return false;
  }
}

/**
 * R2 `copy_not_destroyed`: delivered more than `copyDestroyDays` before `asOf = min(to, now)`
 * and not destroyed by `asOf`. A copy destroyed exactly at `asOf` counts as destroyed; one
 * delivered exactly at the deadline is not yet late ("more than").
 */
export function isUndestroyed(copy: CopyRecord, asOf: number, destroyMs: number): boolean {
  if (copy.deliveredAt === null || !(copy.deliveredAt < asOf - destroyMs)) return false;
  return copy.destroyedAt === null || copy.destroyedAt > asOf;
}
