import type { Executor } from '../db/index.js';
import { undestroyedCopiesQuery } from './copies.js';
import { footageDeletedAt, requestsQuery } from './requests.js';

const hourMs = 3_600_000;

/**
 * R1: open requests still undecided whose footage is deleted within `withinHours` and not
 * yet deleted — the ones the responsible persons must be told of now.
 */
export async function undecidedNearDeletion(
  db: Executor,
  now: Date,
  retentionHours: number,
  withinHours: number,
): Promise<{ id: string; siteId: string; footageDeletedAt: string }[]> {
  const rows = await requestsQuery(db)
    .where('d.request_id', 'is', null)
    .where('c.request_id', 'is', null)
    .where('r.footage_from', '>', new Date(now.getTime() - retentionHours * hourMs).toISOString())
    .where(
      'r.footage_from',
      '<=',
      new Date(now.getTime() - (retentionHours - withinHours) * hourMs).toISOString(),
    )
    .orderBy('r.footage_from')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    siteId: r.site_id,
    footageDeletedAt: footageDeletedAt(r.footage_from, retentionHours),
  }));
}

/** R2: copies delivered before `overdueBefore` and not destroyed, with their request and site. */
export async function overdueCopies(
  db: Executor,
  overdueBefore: string,
): Promise<{ id: string; requestId: string; siteId: string; deliveredAt: string }[]> {
  const rows = await undestroyedCopiesQuery(db)
    .where('d.delivered_at', '<', overdueBefore)
    .orderBy('d.delivered_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    requestId: r.request_id,
    siteId: r.site_id,
    deliveredAt: r.delivered_at ?? overdueBefore,
  }));
}

/** Whether a request is still undecided and open, and a copy still undestroyed: alerts about them still hold. */
export async function requestUndecided(db: Executor, requestId: string): Promise<boolean> {
  const row = await requestsQuery(db)
    .where('r.id', '=', requestId)
    .where('d.request_id', 'is', null)
    .where('c.request_id', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function copyUndestroyed(db: Executor, copyId: string): Promise<boolean> {
  const row = await undestroyedCopiesQuery(db).where('c.id', '=', copyId).executeTakeFirst();
  return row !== undefined;
}
