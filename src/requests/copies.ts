import { randomUUID } from 'node:crypto';
import { isResponsibleFor, type Principal, readableSites } from '../auth/index.js';
import { type CopiesTable, type Executor, inTransaction } from '../db/index.js';
import { notFound, refuse, ruleViolated } from '../errors.js';
import { copyOverdueAlert, enqueueNotification } from '../notifications/outbox/index.js';
import { recordLedgerRow } from '../protocol/index.js';
import { compareTypedTime, isInFuture, utc } from '../time.js';
import { assertCamerasOfSite, getRequest, type RequestSettings, writeClosure } from './requests.js';
import type { Copy, DeliveryInput, DestructionInput, NewCopy } from './schemas.js';

const notFuture = (field: string, at: string, now: Date) => {
  if (isInFuture(at, now)) throw refuse('time_in_future', 'cannot be in the future', field);
};

export function copiesQuery(db: Executor) {
  return db
    .selectFrom('copies as c')
    .leftJoin('copy_deliveries as d', 'd.copy_id', 'c.id')
    .leftJoin('copy_destructions as x', 'x.copy_id', 'c.id')
    .selectAll('c')
    .select([
      'd.delivered_at',
      'd.recipient_name',
      'd.recipient_unit',
      'd.receipt_ref',
      'd.recorded_by as delivery_recorded_by',
      'x.destroyed_at',
      'x.method',
      'x.witness',
      'x.reason as destruction_reason',
      'x.destroyed_by',
    ]);
}
/** R2: copies delivered and not yet destroyed. */
export const undestroyedCopiesQuery = (db: Executor) =>
  copiesQuery(db).where('d.copy_id', 'is not', null).where('x.copy_id', 'is', null);

type CopyRow = Awaited<ReturnType<ReturnType<typeof copiesQuery>['executeTakeFirstOrThrow']>>;

export function toCopy(r: CopyRow): Copy {
  const delivery =
    r.delivered_at && r.recipient_name && r.recipient_unit && r.receipt_ref && r.delivery_recorded_by
      ? {
          deliveredAt: r.delivered_at,
          recipientName: r.recipient_name,
          recipientUnit: r.recipient_unit,
          receiptRef: r.receipt_ref,
          recordedBy: r.delivery_recorded_by,
        }
      : null;
  const destruction =
    r.destroyed_at && r.method && r.destroyed_by
      ? {
          destroyedAt: r.destroyed_at,
          method: r.method,
          witness: r.witness,
          reason: r.destruction_reason,
          destroyedBy: r.destroyed_by,
        }
      : null;
  return {
    id: r.id,
    seq: r.seq,
    requestId: r.request_id,
    siteId: r.site_id,
    cameraIds: JSON.parse(r.camera_ids) as string[],
    footageFrom: r.footage_from,
    footageTo: r.footage_to,
    medium: r.medium,
    identifier: r.identifier,
    storageLocation: r.storage_location,
    madeBy: r.made_by,
    madeAt: r.made_at,
    state: destruction ? 'destroyed' : delivery ? 'delivered' : 'made',
    delivery,
    destruction,
  };
}

async function getCopyFor(db: Executor, actor: Principal, id: string): Promise<Copy> {
  const row = await copiesQuery(db).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('copy');
  const copy = toCopy(row);
  if (!isResponsibleFor(actor, copy.siteId)) {
    if (readableSites(actor) === 'all')
      throw refuse('copies_not_responsible', 'only a responsible person of the site handles copies');
    throw notFound('copy');
  }
  return copy;
}

/**
 * R2: a copy may be made only for an accepted request, by a responsible person of its site,
 * and not before the request was accepted (R8).
 */
export async function makeCopy(
  db: Executor,
  actor: Principal,
  requestId: string,
  input: NewCopy,
  now: Date,
  s: RequestSettings,
): Promise<Copy> {
  return inTransaction(db, async (tx) => {
    const request = await getRequest(tx, actor, requestId, now, s);
    if (!isResponsibleFor(actor, request.siteId))
      throw refuse('copies_not_responsible', 'only a responsible person of the site makes copies');
    if (request.status !== 'accepted' || !request.decision) {
      throw refuse(
        'copy_needs_accepted_request',
        `a copy can be made only for an accepted request; this one is ${request.status}`,
        undefined,
        { status: request.status },
      );
    }
    await assertCamerasOfSite(tx, input.cameraIds, request.siteId);
    if (utc(input.footageFrom) > utc(input.footageTo))
      throw refuse('period_reversed', 'the footage period must start before it ends', 'footageFrom');
    const madeAt = input.madeAt ? utc(input.madeAt) : now.toISOString();
    notFuture('madeAt', madeAt, now);
    const acceptedAt = request.decision.decidedAt;
    if (compareTypedTime(input.madeAt ?? madeAt, acceptedAt) < 0) {
      throw ruleViolated(
        'copy_made_before_decision',
        'madeAt',
        `madeAt is before the request was accepted (${acceptedAt}); a copy is made only for an accepted request (R8)`,
        { acceptedAt },
      );
    }
    const row: Omit<CopiesTable, 'seq'> = {
      id: randomUUID(),
      request_id: requestId,
      site_id: request.siteId,
      camera_ids: JSON.stringify([...new Set(input.cameraIds)]),
      footage_from: utc(input.footageFrom),
      footage_to: utc(input.footageTo),
      medium: input.medium,
      identifier: input.identifier,
      storage_location: input.storageLocation,
      made_by: actor.id,
      made_at: madeAt,
    };
    await recordLedgerRow(
      tx,
      'copies',
      { type: 'copy.made', actorId: actor.id, siteId: row.site_id, subjectId: row.id },
      row,
      now,
    );
    return getCopyFor(tx, actor, row.id);
  });
}

/** R2: made → delivered; delivering twice, or a destroyed copy, is a conflict. */
export async function deliverCopy(
  db: Executor,
  actor: Principal,
  id: string,
  input: DeliveryInput,
  now: Date,
  s: { notify?: boolean | undefined; copyDestroyDays: number } = { copyDestroyDays: 7 },
): Promise<Copy> {
  return inTransaction(db, async (tx) => {
    const copy = await getCopyFor(tx, actor, id);
    if (copy.destruction)
      throw refuse('copy_already_destroyed', 'the copy is already destroyed; it cannot be delivered');
    if (copy.delivery) throw refuse('copy_already_delivered', 'the copy is already delivered');
    const deliveredAt = utc(input.deliveredAt);
    notFuture('deliveredAt', deliveredAt, now);
    if (compareTypedTime(input.deliveredAt, copy.madeAt) < 0)
      throw refuse(
        'copy_delivered_before_made',
        'the copy cannot be delivered before it was made',
        'deliveredAt',
      );
    const row = {
      copy_id: id,
      delivered_at: deliveredAt,
      recipient_name: input.recipientName,
      recipient_unit: input.recipientUnit,
      receipt_ref: input.receiptRef,
      recorded_by: actor.id,
      recorded_at: now.toISOString(),
    };
    await recordLedgerRow(
      tx,
      'copy_deliveries',
      { type: 'copy.delivered', actorId: actor.id, siteId: copy.siteId, subjectId: id },
      row,
      now,
    );
    // R2: the reminder to destroy it is written with the delivery, due when it is overdue.
    if (s.notify) {
      const alert = copyOverdueAlert({ ...copy, deliveredAt }, s.copyDestroyDays);
      await enqueueNotification(tx, alert, now);
    }
    return getCopyFor(tx, actor, id);
  });
}

/**
 * R2: copies are destroyed once delivered to the police. A copy never delivered may be
 * destroyed only with a reason. When the request's last copy is destroyed, it closes.
 */
export async function destroyCopy(
  db: Executor,
  actor: Principal,
  id: string,
  input: DestructionInput,
  now: Date,
  s: RequestSettings,
): Promise<Copy> {
  return inTransaction(db, async (tx) => {
    const copy = await getCopyFor(tx, actor, id);
    if (copy.destruction) throw refuse('copy_already_destroyed', 'the copy is already destroyed');
    if (!copy.delivery && !input.reason) {
      throw refuse(
        'copy_not_delivered',
        'the copy has not been delivered; record the delivery first, or give a reason for destroying it undelivered',
        'reason',
      );
    }
    const destroyedAt = utc(input.destroyedAt);
    notFuture('destroyedAt', destroyedAt, now);
    const earliest = copy.delivery?.deliveredAt ?? copy.madeAt;
    if (compareTypedTime(input.destroyedAt, earliest) < 0)
      throw refuse(
        'copy_destroyed_too_early',
        'the copy cannot be destroyed before it was made and delivered',
        'destroyedAt',
      );
    const row = {
      copy_id: id,
      destroyed_at: destroyedAt,
      method: input.method,
      witness: input.witness ?? null,
      reason: input.reason ?? null,
      destroyed_by: actor.id,
      recorded_at: now.toISOString(),
    };
    await recordLedgerRow(
      tx,
      'copy_destructions',
      { type: 'copy.destroyed', actorId: actor.id, siteId: copy.siteId, subjectId: id },
      row,
      now,
    );
    const open = await copiesQuery(tx)
      .where('c.request_id', '=', copy.requestId)
      .where('x.copy_id', 'is', null)
      .executeTakeFirst();
    const request = await getRequest(tx, actor, copy.requestId, now, s);
    if (!open && request.status === 'accepted') await writeClosure(tx, actor, request, null, now);
    return getCopyFor(tx, actor, id);
  });
}

/** Closes a request by hand: before every copy is destroyed only with a reason. */
export async function closeRequest(
  db: Executor,
  actor: Principal,
  requestId: string,
  reason: string | undefined,
  now: Date,
  s: RequestSettings,
) {
  return inTransaction(db, async (tx) => {
    const request = await getRequest(tx, actor, requestId, now, s);
    if (!isResponsibleFor(actor, request.siteId))
      throw refuse('close_not_responsible', 'only a responsible person of the site closes requests');
    if (request.status === 'closed') throw refuse('request_already_closed', 'the request is already closed');
    if (request.status === 'registered')
      throw refuse('request_not_decided', 'the request has not been decided yet');
    const open = await copiesQuery(tx)
      .where('c.request_id', '=', requestId)
      .where('x.copy_id', 'is', null)
      .execute();
    if (open.length > 0 && !reason) {
      throw refuse(
        'copies_not_destroyed',
        `${open.length} copies are not destroyed; give a reason to close early`,
        'reason',
        { count: open.length },
      );
    }
    await writeClosure(tx, actor, request, open.length > 0 ? (reason ?? null) : null, now);
    return getRequest(tx, actor, requestId, now, s);
  });
}

export interface CopyFilter {
  requestId?: string | undefined;
  /** Delivered more than this many days before `now` and not destroyed (R2). */
  overdueDays?: number | undefined;
}

export async function listCopies(db: Executor, reader: Principal, f: CopyFilter, now: Date): Promise<Copy[]> {
  let q = copiesQuery(db);
  const sites = readableSites(reader);
  if (sites !== 'all') {
    const responsible = reader.roles.includes('responsible') ? [...sites] : [];
    if (responsible.length === 0) return [];
    q = q.where('c.site_id', 'in', responsible);
  }
  if (f.requestId) q = q.where('c.request_id', '=', f.requestId);
  if (f.overdueDays !== undefined) {
    const cutoff = new Date(now.getTime() - f.overdueDays * 86_400_000).toISOString();
    q = q.where('d.delivered_at', '<', cutoff).where('x.copy_id', 'is', null);
  }
  return (await q.orderBy('c.made_at').orderBy('c.id').execute()).map(toCopy);
}
