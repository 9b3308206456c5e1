import type { z } from 'zod';
import type { Principal } from '../auth/index.js';
import { readableSites } from '../auth/index.js';
import type { Executor } from '../db/index.js';
import { amendmentsOf, applyAmendments } from './amendments.js';
import { toViewing, viewingRowsQuery, viewingSchema } from './viewings.js';
import { voidingSchema, voidsOf } from './voids.js';

export interface ViewingFilter {
  siteId?: string | undefined;
  viewerId?: string | undefined;
  /** viewedAt ≥ from (ISO UTC). */
  from?: string | undefined;
  /** viewedAt < to (ISO UTC). */
  to?: string | undefined;
  grounds?: string | undefined;
  late?: boolean | undefined;
  requestId?: string | undefined;
  /** Cursor: entries with seq below this, newest first. */
  beforeSeq?: number | undefined;
  limit: number;
}

/** A listed entry: void ones stay in the list, marked (R4). */
export const listedViewingSchema = viewingSchema.extend({ voided: voidingSchema.nullable() });
export type ListedViewing = z.output<typeof listedViewingSchema>;

/**
 * Entries the reader may see, newest recorded first, with corrections applied. Filters
 * match the values as first recorded; the full history is on the entry itself.
 */
export async function listViewings(
  db: Executor,
  reader: Principal,
  f: ViewingFilter,
): Promise<{ items: ListedViewing[]; nextCursor: string | null }> {
  let q = viewingRowsQuery(db);
  const sites = readableSites(reader);
  if (sites !== 'all') {
    const responsibleSites = reader.roles.includes('responsible') ? [...sites] : [];
    q = q.where((eb) =>
      responsibleSites.length > 0
        ? eb.or([eb('v.viewer_id', '=', reader.id), eb('v.site_id', 'in', responsibleSites)])
        : eb('v.viewer_id', '=', reader.id),
    );
  }
  if (f.siteId) q = q.where('v.site_id', '=', f.siteId);
  if (f.viewerId) q = q.where('v.viewer_id', '=', f.viewerId);
  if (f.from) q = q.where('v.viewed_at', '>=', f.from);
  if (f.to) q = q.where('v.viewed_at', '<', f.to);
  if (f.grounds) q = q.where('v.grounds', '=', f.grounds);
  if (f.late !== undefined) q = q.where('v.late', '=', f.late ? 1 : 0);
  if (f.requestId) q = q.where('v.request_id', '=', f.requestId);
  if (f.beforeSeq !== undefined) q = q.where('v.seq', '<', f.beforeSeq);
  const rows = await q
    .orderBy('v.seq', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit).map(toViewing);
  const ids = page.map((v) => v.id);
  const amendments = await amendmentsOf(db, ids);
  const voids = await voidsOf(db, ids);
  return {
    items: page.map((v) => ({
      ...applyAmendments(v, amendments.get(v.id) ?? []),
      voided: voids.get(v.id) ?? null,
    })),
    nextCursor: rows.length > f.limit ? String(page[page.length - 1]?.seq) : null,
  };
}

/**
 * R5: how many entries viewed since `since` at these sites were recorded late, counted up to
 * `cap` through the sites' viewing-time index (the desk shows the count, the ledger the list).
 */
export async function countLateViewings(
  db: Executor,
  siteIds: readonly string[],
  since: string,
  cap: number,
): Promise<number> {
  if (siteIds.length === 0) return 0;
  const rows = await db
    .selectFrom('viewings')
    .select('id')
    .where('site_id', 'in', [...siteIds])
    .where('viewed_at', '>=', since)
    .where('late', '=', 1)
    .limit(cap)
    .execute();
  return rows.length;
}
