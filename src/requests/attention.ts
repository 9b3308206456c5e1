import { sql } from 'kysely';
import type { Principal } from '../auth/index.js';
import type { Executor } from '../db/index.js';
import { toCopy, undestroyedCopiesQuery } from './copies.js';
import { type RequestSettings, requestsQuery, toRequest } from './requests.js';
import type { Copy, OutsideRequest } from './schemas.js';

/** A few of one kind of pending work, and how many there are in all. */
export interface AttentionList<T> {
  items: T[];
  total: number;
}

export interface RequestAttention {
  /** R1 R13: registered and undecided, soonest footage deletion first. */
  awaitingDecision: AttentionList<OutsideRequest>;
  /** R2: accepted, not closed, and no copy made yet. */
  acceptedWithoutCopy: AttentionList<OutsideRequest>;
  /** R2: delivered and not destroyed, oldest delivery first; `overdue` after `copyDestroyDays`. */
  copiesToDestroy: AttentionList<Copy & { overdue: boolean }>;
}

/**
 * What waits for a responsible person in requests and copies, only at the sites they are
 * responsible for (R13: outside requests are decided by a responsible person), through the
 * sites' index: the few listed read whole, the rest only counted in the database.
 */
export async function requestAttention(
  db: Executor,
  p: Principal,
  now: Date,
  s: RequestSettings & { copyDestroyDays: number },
  limit: number,
): Promise<RequestAttention> {
  const mine = p.roles.includes('responsible') ? [...p.siteIds] : [];
  if (mine.length === 0) {
    const none = { items: [], total: 0 };
    return { awaitingDecision: none, acceptedWithoutCopy: none, copiesToDestroy: none };
  }
  const open = requestsQuery(db).where('r.site_id', 'in', mine).where('c.request_id', 'is', null);
  const undecided = open.where('d.request_id', 'is', null);
  const withoutCopy = open
    .where('d.decision', '=', 'accepted')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('copies as k').select('k.id').whereRef('k.request_id', '=', 'r.id'))),
    );
  // Both counts in one pass over the sites' open requests, summed in the database.
  const counted = open
    .clearSelect()
    .select([
      sql<number | string>`coalesce(sum(case when d.request_id is null then 1 else 0 end), 0)`.as('awaiting'),
      sql<
        number | string
      >`coalesce(sum(case when d.decision = 'accepted' and not exists (select 1 from copies k where k.request_id = r.id) then 1 else 0 end), 0)`.as(
        'withoutCopy',
      ),
    ]);
  const delivered = undestroyedCopiesQuery(db).where('c.site_id', 'in', mine);
  const [awaiting, accepted, counts, copies, copiesTotal] = await Promise.all([
    undecided.orderBy('r.footage_from').orderBy('r.id').limit(limit).execute(),
    withoutCopy.orderBy('r.footage_from').orderBy('r.id').limit(limit).execute(),
    counted.executeTakeFirst(),
    delivered.orderBy('d.delivered_at').orderBy('c.id').limit(limit).execute(),
    delivered
      .clearSelect()
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst(),
  ]);
  const overdueBefore = now.getTime() - s.copyDestroyDays * 86_400_000;
  return {
    awaitingDecision: {
      items: awaiting.map((r) => toRequest(r, now, s)),
      total: Number(counts?.awaiting ?? 0),
    },
    acceptedWithoutCopy: {
      items: accepted.map((r) => toRequest(r, now, s)),
      total: Number(counts?.withoutCopy ?? 0),
    },
    copiesToDestroy: {
      items: copies.map(toCopy).map((c) => ({
        ...c,
        overdue: Date.parse(c.delivery?.deliveredAt ?? c.madeAt) < overdueBefore,
      })),
      total: Number(copiesTotal?.n ?? 0),
    },
  };
}
