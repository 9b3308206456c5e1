import { randomUUID } from 'node:crypto';
import { isResponsibleFor, type Principal, readableSites } from '../auth/index.js';
import type { Config } from '../config.js';
import { type Executor, inTransaction, type RequestsTable } from '../db/index.js';
import { notFound, refuse, ruleViolated } from '../errors.js';
import { enqueueNotification, requestAlert } from '../notifications/outbox/index.js';
import { eventsAbout, recordLedgerRow } from '../protocol/index.js';
import { isInFuture, utc } from '../time.js';
import type { DecisionInput, NewRequest, OutsideRequest, RequestStatus } from './schemas.js';

export interface RequestSettings {
  /** R1: hours until footage is deleted, which makes an undecided request urgent. */
  retentionHours: number;
  /** R13: the person who registered a request may not decide it. */
  twoPersonDecisions: boolean;
  /** Notifications by e-mail are on (a mail relay is configured). */
  notify?: boolean;
}

export function requestSettingsOf(config: Readonly<Config>): RequestSettings {
  return {
    retentionHours: config.retention.hours,
    twoPersonDecisions: config.requests.twoPersonDecisions,
    notify: config.notifications.smtp !== null,
  };
}

/** R2: when an undestroyed copy is overdue, and whether its delivery writes the reminder. */
export function copySettingsOf(config: Readonly<Config>): { notify: boolean; copyDestroyDays: number } {
  return { notify: config.notifications.smtp !== null, copyDestroyDays: config.requests.copyDestroyDays };
}

/** R1: footage is deleted 336 h (not 14 calendar days) after it was recorded. */
export function footageDeletedAt(footageFrom: string, retentionHours: number): string {
  return new Date(Date.parse(footageFrom) + retentionHours * 3_600_000).toISOString();
}

export function requestsQuery(db: Executor) {
  return db
    .selectFrom('requests as r')
    .leftJoin('request_decisions as d', 'd.request_id', 'r.id')
    .leftJoin('request_closures as c', 'c.request_id', 'r.id')
    .selectAll('r')
    .select([
      'd.decision',
      'd.reason as decision_reason',
      'd.override_reason',
      'd.decided_by',
      'd.decided_at',
      'c.early_reason',
      'c.closed_by',
      'c.closed_at',
    ]);
}
type RequestRow = Awaited<ReturnType<ReturnType<typeof requestsQuery>['executeTakeFirstOrThrow']>>;

export function toRequest(r: RequestRow, now: Date, s: RequestSettings): OutsideRequest {
  const deletedAt = footageDeletedAt(r.footage_from, s.retentionHours);
  const decision =
    r.decision && r.decision_reason && r.decided_by && r.decided_at
      ? {
          decision: r.decision,
          reason: r.decision_reason,
          overrideReason: r.override_reason,
          decidedBy: r.decided_by,
          decidedAt: r.decided_at,
        }
      : null;
  const closure =
    r.closed_by && r.closed_at
      ? { earlyReason: r.early_reason, closedBy: r.closed_by, closedAt: r.closed_at }
      : null;
  return {
    id: r.id,
    seq: r.seq,
    siteId: r.site_id,
    requesterName: r.requester_name,
    organisation: r.organisation,
    organisationIsPolice: r.organisation_is_police === 1,
    contact: r.contact,
    reference: r.reference,
    asks: JSON.parse(r.asks) as OutsideRequest['asks'],
    cameraIds: JSON.parse(r.camera_ids) as string[],
    footageFrom: r.footage_from,
    footageTo: r.footage_to,
    statedLegalBasis: r.stated_legal_basis,
    receivedAt: r.received_at,
    channel: r.channel,
    registeredBy: r.registered_by,
    registeredAt: r.registered_at,
    status: closure ? 'closed' : (decision?.decision ?? 'registered'),
    decision,
    closure,
    footageDeletedAt: deletedAt,
    hoursUntilFootageDeleted: Math.round(((Date.parse(deletedAt) - now.getTime()) / 3_600_000) * 10) / 10,
  };
}

function canReadRequest(p: Principal, r: Pick<OutsideRequest, 'siteId' | 'registeredBy'>) {
  const sites = readableSites(p);
  return (
    sites === 'all' ||
    r.registeredBy === p.id ||
    (p.roles.includes('responsible') && sites.includes(r.siteId))
  );
}

export async function getRequest(
  db: Executor,
  reader: Principal,
  id: string,
  now: Date,
  s: RequestSettings,
): Promise<OutsideRequest> {
  const row = await requestsQuery(db).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('request');
  const request = toRequest(row, now, s);
  if (!canReadRequest(reader, request)) throw notFound('request');
  return request;
}

/** Registers a request as received: by a responsible person, or a viewer who took the call. */
export async function registerRequest(
  db: Executor,
  actor: Principal,
  input: NewRequest,
  now: Date,
  s: RequestSettings,
): Promise<OutsideRequest> {
  if (!actor.siteIds.includes(input.siteId))
    throw refuse('site_not_yours', 'the site is not one of yours', 'siteId');
  if (utc(input.footageFrom) > utc(input.footageTo)) {
    throw refuse('period_reversed', 'the footage period must start before it ends', 'footageFrom');
  }
  if (isInFuture(utc(input.receivedAt), now))
    throw refuse('time_in_future', 'cannot be in the future', 'receivedAt');
  return inTransaction(db, async (tx) => {
    await assertCamerasOfSite(tx, input.cameraIds, input.siteId);
    const row: Omit<RequestsTable, 'seq'> = {
      id: randomUUID(),
      site_id: input.siteId,
      requester_name: input.requesterName,
      organisation: input.organisation,
      organisation_is_police: input.organisationIsPolice ? 1 : 0,
      contact: input.contact,
      reference: input.reference,
      asks: JSON.stringify([...new Set(input.asks)]),
      camera_ids: JSON.stringify([...new Set(input.cameraIds)]),
      footage_from: utc(input.footageFrom),
      footage_to: utc(input.footageTo),
      stated_legal_basis: input.statedLegalBasis,
      received_at: utc(input.receivedAt),
      channel: input.channel,
      registered_by: actor.id,
      registered_at: now.toISOString(),
    };
    await recordLedgerRow(
      tx,
      'requests',
      { type: 'request.registered', actorId: actor.id, siteId: row.site_id, subjectId: row.id },
      row,
      now,
    );
    const request = await getRequest(tx, actor, row.id, now, s);
    // R1: the responsible persons hear of it at once, with the hours left, in this
    // transaction: the request and its notification commit together or not at all.
    if (s.notify) await enqueueNotification(tx, requestAlert(request, now), now);
    return request;
  });
}

export async function assertCamerasOfSite(db: Executor, cameraIds: readonly string[], siteId: string) {
  if (cameraIds.length === 0) return;
  const cameras = await db
    .selectFrom('cameras')
    .select(['id', 'site_id'])
    .where('id', 'in', [...cameraIds])
    .execute();
  cameraIds.forEach((id, i) => {
    const c = cameras.find((x) => x.id === id);
    if (!c) throw refuse('unknown_camera', `unknown camera ${id}`, `cameraIds.${i}`);
    if (c.site_id !== siteId)
      throw ruleViolated('camera_not_at_site', `cameraIds.${i}`, 'the camera is not at the request’s site');
  });
}

/**
 * R13: a responsible person of the site decides, never the person who registered the
 * request when two people are required, and only once. R8: disclosure is only to the
 * police, so accepting anyone else needs an explicit override reason.
 */
export async function decideRequest(
  db: Executor,
  actor: Principal,
  id: string,
  input: DecisionInput,
  now: Date,
  s: RequestSettings,
) {
  return inTransaction(db, async (tx) => {
    const request = await getRequest(tx, actor, id, now, s);
    if (!isResponsibleFor(actor, request.siteId))
      throw ruleViolated(
        'decide_not_responsible',
        undefined,
        'only a responsible person of the site decides on outside requests',
      );
    if (s.twoPersonDecisions && request.registeredBy === actor.id) {
      throw ruleViolated(
        'own_request_decision',
        undefined,
        'the person who registered the request cannot decide it (two-person rule)',
      );
    }
    if (request.decision)
      throw refuse(
        'request_already_decided',
        `the request was already ${request.decision.decision}`,
        undefined,
        {
          decision: request.decision.decision,
        },
      );
    if (input.decision === 'accepted' && !request.organisationIsPolice && !input.overrideReason) {
      throw ruleViolated(
        'police_only',
        'overrideReason',
        'recordings are disclosed only to the police; give overrideReason to accept another requester',
      );
    }
    const row = {
      request_id: id,
      decision: input.decision,
      reason: input.reason,
      override_reason: input.overrideReason ?? null,
      decided_by: actor.id,
      decided_at: now.toISOString(),
    };
    await recordLedgerRow(
      tx,
      'request_decisions',
      { type: 'request.decided', actorId: actor.id, siteId: request.siteId, subjectId: id },
      row,
      now,
    );
    return getRequest(tx, actor, id, now, s);
  });
}

/** Writes the closure row; `earlyReason` is set when copies are not all destroyed. */
export async function writeClosure(
  tx: Executor,
  actor: Principal,
  request: OutsideRequest,
  earlyReason: string | null,
  now: Date,
) {
  const row = {
    request_id: request.id,
    early_reason: earlyReason,
    closed_by: actor.id,
    closed_at: now.toISOString(),
  };
  await recordLedgerRow(
    tx,
    'request_closures',
    { type: 'request.closed', actorId: actor.id, siteId: request.siteId, subjectId: request.id },
    row,
    now,
  );
}

export interface RequestFilter {
  status?: RequestStatus | undefined;
  siteId?: string | undefined;
  /** A page of the list: at most `limit` requests after skipping `offset`. */
  limit?: number | undefined;
  offset?: number | undefined;
}

/**
 * Requests the reader may see, soonest footage deletion first so urgent ones stand out. Who
 * may see what (`canReadRequest`) and the status are both asked of the database, so a page
 * of the list reads only its rows.
 */
export async function listRequests(
  db: Executor,
  reader: Principal,
  f: RequestFilter,
  now: Date,
  s: RequestSettings,
): Promise<OutsideRequest[]> {
  let q = requestsQuery(db);
  const sites = readableSites(reader);
  if (sites !== 'all') {
    const responsible = reader.roles.includes('responsible') ? [...sites] : [];
    q = q.where((eb) =>
      responsible.length > 0
        ? eb.or([eb('r.registered_by', '=', reader.id), eb('r.site_id', 'in', responsible)])
        : eb('r.registered_by', '=', reader.id),
    );
  }
  if (f.siteId) q = q.where('r.site_id', '=', f.siteId);
  if (f.status === 'closed') q = q.where('c.request_id', 'is not', null);
  else if (f.status) {
    q = q.where('c.request_id', 'is', null);
    q =
      f.status === 'registered' ? q.where('d.request_id', 'is', null) : q.where('d.decision', '=', f.status);
  }
  q = q.orderBy('r.footage_from').orderBy('r.id');
  if (f.limit !== undefined) q = q.limit(f.limit).offset(f.offset ?? 0);
  return (await q.execute()).map((r) => toRequest(r, now, s));
}

/** The request's history on the chain: registration, decision, copies, closure. */
export async function requestHistory(db: Executor, request: OutsideRequest) {
  const copyIds = (
    await db.selectFrom('copies').select('id').where('request_id', '=', request.id).execute()
  ).map((c) => c.id);
  return eventsAbout(db, [request.id, ...copyIds]);
}
