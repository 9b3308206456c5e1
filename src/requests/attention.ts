import type { Principal } from '../auth/index.js';
import type { Executor } from '../db/index.js';
import { copiesQuery, toCopy } from './copies.js';
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
 * responsible for (R13: outside requests are decided by a responsible person). The open
 * requests of those sites are read once, as ids and states only, through the sites' index;
 * only the few listed are then read whole.
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
  const open = await db
    .selectFrom('requests as r')
    .leftJoin('request_decisions as d', 'd.request_id', 'r.id')
    .leftJoin('request_closures as c', 'c.request_id', 'r.id')
    .select(['r.id', 'd.decision'])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('copies as k').select('k.id').whereRef('k.request_id', '=', 'r.id'))
        .as('hasCopy'),
    )
    .where('r.site_id', 'in', mine)
    .where('c.request_id', 'is', null)
    .orderBy('r.footage_from')
    .orderBy('r.id')
    .execute();
  const awaiting = open.filter((r) => r.decision === null);
  const withoutCopy = open.filter((r) => r.decision === 'accepted' && !r.hasCopy);
  const listed = [...awaiting.slice(0, limit), ...withoutCopy.slice(0, limit)].map((r) => r.id);
  const delivered = copiesQuery(db)
    .where('c.site_id', 'in', mine)
    .where('d.copy_id', 'is not', null)
    .where('x.copy_id', 'is', null);
  const [whole, copies, copiesTotal] = await Promise.all([
    listed.length > 0 ? requestsQuery(db).where('r.id', 'in', listed).execute() : Promise.resolve([]),
    delivered.orderBy('d.delivered_at').orderBy('c.id').limit(limit).execute(),
    delivered
      .clearSelect()
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst(),
  ]);
  const byId = new Map(whole.map((r) => [r.id, toRequest(r, now, s)]));
  const pick = (rows: readonly { id: string }[]) => rows.slice(0, limit).flatMap((r) => byId.get(r.id) ?? []);
  const overdueBefore = now.getTime() - s.copyDestroyDays * 86_400_000;
  return {
    awaitingDecision: { items: pick(awaiting), total: awaiting.length },
    acceptedWithoutCopy: { items: pick(withoutCopy), total: withoutCopy.length },
    copiesToDestroy: {
      items: copies.map(toCopy).map((c) => ({
        ...c,
        overdue: Date.parse(c.delivery?.deliveredAt ?? c.madeAt) < overdueBefore,
      })),
      total: Number(copiesTotal?.n ?? 0),
    },
  };
}
