import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isResponsibleFor, type Principal, readableSites } from '../auth/index.js';
import { type Executor, inTransaction, type ViewingsTable } from '../db/index.js';
import { invalid, notFound, refuse, ruleViolated } from '../errors.js';
import { isoTime, utc } from '../time.js';
import { recordLedgerRow } from './chain.js';
import { checkEntryRules } from './entry-rules.js';
import { type Grounds, groundsSchema } from './grounds.js';
import { minReasonLength } from './reason.js';
import type { ProtocolSettings } from './settings.js';

/** R13: who decided on the viewing — a user of the service, or a named person outside it. */
export const decidedBySchema = z.union([
  z.strictObject({ userId: z.string().min(1) }),
  z.strictObject({ name: z.string().trim().min(2).max(200) }),
]);

/** The six items of the viewing protocol (R7), as a client sends them. */
export const newViewingSchema = z.strictObject({
  // Never defaulted to now: a default would hide how late an entry is (R5).
  viewedAt: isoTime.describe('R7.1 when the viewing happened (required; a form prefills it)'),
  viewedUntil: isoTime.optional().describe('when the viewing ended'),
  siteId: z.string().min(1).describe('R7.2 the site whose recordings were viewed'),
  cameraIds: z.array(z.string().min(1)).min(1).max(50).describe('R7.2 one or more cameras of the site'),
  description: z.string().trim().min(3).max(4000).describe('R7.2 the matter viewed'),
  footageFrom: isoTime.describe('R7.2 start of the footage viewed'),
  footageTo: isoTime.describe('R7.2 end of the footage viewed'),
  footageTimeEstimated: z.boolean().default(false).describe('R7.2 the footage time is an estimate'),
  grounds: groundsSchema.describe('R7.3 / R9 grounds category'),
  justification: z
    .string()
    .trim()
    .min(minReasonLength, `R7.3: explain the grounds in at least ${minReasonLength} characters`)
    .max(4000),
  decidedBy: decidedBySchema.describe('R7.4 / R13 who decided on the viewing'),
  viewerId: z.string().min(1).optional().describe('R7.5 who viewed; default the caller'),
  requestId: z.string().min(1).optional().describe('R7.6 the outside request that led to the viewing'),
  delayReason: z
    .string()
    .trim()
    .min(10, 'R5: say in at least 10 characters why the entry is recorded late')
    .max(2000)
    .optional()
    .describe('R5 why the entry is recorded late; required when it is late, refused when it is not'),
});
export type NewViewing = z.infer<typeof newViewingSchema>;

/** A protocol entry (R7) as the domain builds it and the API answers it. */
export const viewingSchema = z.object({
  id: z.string(),
  seq: z.number(),
  hash: z.string(),
  source: z.enum(['service', 'imported']),
  siteId: z.string(),
  viewedAt: z.string(),
  viewedUntil: z.string().nullable(),
  cameraIds: z.array(z.string()),
  description: z.string(),
  footageFrom: z.string(),
  footageTo: z.string(),
  footageTimeEstimated: z.boolean(),
  grounds: groundsSchema,
  justification: z.string(),
  decidedBy: z.object({ userId: z.string().nullable(), name: z.string() }),
  viewerId: z.string().nullable(),
  viewerName: z.string(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
  requestId: z.string().nullable(),
  late: z.boolean(),
  lateByMinutes: z.number().nullable(),
  /** R5: why a late entry was recorded late. */
  delayReason: z.string().nullable(),
  importRef: z.record(z.string(), z.unknown()).nullable(),
});
export type Viewing = z.output<typeof viewingSchema>;

/** A viewing row as read: with its chain hash and, for a late entry, the reason for its delay. */
export type ViewingRow = ViewingsTable & { hash: string; delay_reason?: string | null };

export function toViewing(r: ViewingRow): Viewing {
  return {
    id: r.id,
    seq: r.seq,
    hash: r.hash,
    source: r.source,
    siteId: r.site_id,
    viewedAt: r.viewed_at,
    viewedUntil: r.viewed_until,
    cameraIds: JSON.parse(r.camera_ids) as string[],
    description: r.description,
    footageFrom: r.footage_from,
    footageTo: r.footage_to,
    footageTimeEstimated: r.footage_time_estimated === 1,
    grounds: r.grounds as Grounds,
    justification: r.justification,
    decidedBy: { userId: r.decided_by_user_id, name: r.decided_by_name },
    viewerId: r.viewer_id,
    viewerName: r.viewer_name,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
    requestId: r.request_id,
    late: r.late === 1,
    lateByMinutes: r.late_by_minutes,
    delayReason: r.delay_reason ?? null,
    importRef: r.import_ref ? (JSON.parse(r.import_ref) as Record<string, unknown>) : null,
  };
}

/** R13: resolves the decider to a user id and the name written in the protocol. */
export async function resolveDecider(db: Executor, decidedBy: z.infer<typeof decidedBySchema>) {
  if ('userId' in decidedBy) {
    const user = await db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', '=', decidedBy.userId)
      .executeTakeFirst();
    if (!user) throw refuse('unknown_user', `unknown user ${decidedBy.userId}`, 'decidedBy.userId');
    return { userId: user.id, name: user.display_name };
  }
  return { userId: null, name: decidedBy.name };
}

/**
 * R5: minutes past the configured limit between the end of the viewing and its recording;
 * null when on time. A late entry is accepted and flagged, never refused.
 */
export function lateness(
  recordedAt: Date,
  viewedAt: string,
  viewedUntil: string | null,
  limitMinutes: number,
) {
  const delayMinutes = (recordedAt.getTime() - Date.parse(viewedUntil ?? viewedAt)) / 60_000;
  return delayMinutes > limitMinutes ? Math.ceil(delayMinutes - limitMinutes) : null;
}

/** Records a viewing: the rules, then the row and its chain event in one transaction. */
export async function recordViewing(
  db: Executor,
  actor: Principal,
  input: NewViewing,
  now: Date,
  s: ProtocolSettings,
): Promise<Viewing> {
  const viewerId = input.viewerId ?? actor.id;
  // R4/R7.5: recording on someone else's behalf is the responsible person's bookkeeping.
  if (viewerId !== actor.id && !isResponsibleFor(actor, input.siteId)) {
    throw refuse(
      'on_behalf_not_allowed',
      'only a responsible person of the site may record a viewing on behalf of another user',
      'viewerId',
    );
  }
  if (!actor.siteIds.includes(input.siteId))
    throw refuse('site_not_yours', 'the site is not one of yours', 'siteId');
  return inTransaction(db, async (tx) => {
    const viewer = await tx
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', '=', viewerId)
      .executeTakeFirst();
    if (!viewer) throw refuse('unknown_user', `unknown user ${viewerId}`, 'viewerId');
    const decider = await resolveDecider(tx, input.decidedBy);
    const viewedAt = utc(input.viewedAt);
    const viewedUntil = input.viewedUntil ? utc(input.viewedUntil) : null;
    const facts = {
      siteId: input.siteId,
      viewerId,
      viewedAt: input.viewedAt ?? viewedAt,
      viewedUntil: input.viewedUntil ?? null,
      cameraIds: [...new Set(input.cameraIds)],
      footageFrom: input.footageFrom,
      footageTo: input.footageTo,
      decidedByUserId: decider.userId,
      decidedByName: decider.name,
      requestId: input.requestId ?? null,
    };
    await checkEntryRules(tx, facts, now, s);
    const lateBy = lateness(now, viewedAt, viewedUntil, s.lateEntryMinutes);
    const delayReason = checkDelayReason(lateBy, input.delayReason, s.lateEntryMinutes);
    const row: Omit<ViewingsTable, 'seq'> = {
      id: randomUUID(),
      source: 'service',
      site_id: facts.siteId,
      viewed_at: viewedAt,
      viewed_until: viewedUntil,
      camera_ids: JSON.stringify(facts.cameraIds),
      description: input.description,
      footage_from: utc(input.footageFrom),
      footage_to: utc(input.footageTo),
      footage_time_estimated: input.footageTimeEstimated ? 1 : 0,
      grounds: input.grounds,
      justification: input.justification,
      decided_by_user_id: decider.userId,
      decided_by_name: decider.name,
      viewer_id: viewerId,
      viewer_name: viewer.display_name,
      recorded_by: actor.id,
      recorded_at: now.toISOString(),
      request_id: facts.requestId,
      late: lateBy === null ? 0 : 1,
      late_by_minutes: lateBy,
      import_ref: null,
    };
    const viewing = await insertViewing(tx, row, actor.id, now);
    if (delayReason === null) return viewing;
    await recordLedgerRow(
      tx,
      'viewing_delay_reasons',
      { type: 'viewing.delay_explained', actorId: actor.id, siteId: row.site_id, subjectId: row.id },
      { viewing_id: row.id, reason: delayReason },
      now,
    );
    return { ...viewing, delayReason };
  });
}

/** R5: a late entry says why it is late; an entry on time has no delay to explain. */
function checkDelayReason(lateBy: number | null, reason: string | undefined, limitMinutes: number) {
  if (lateBy !== null && reason === undefined) {
    throw ruleViolated(
      'delay_reason_missing',
      'delayReason',
      `the entry is recorded ${lateBy} min past the ${limitMinutes}-minute limit; say why it is late`,
      { lateByMinutes: lateBy, limitMinutes },
    );
  }
  if (lateBy === null && reason !== undefined)
    throw invalid('delayReason', 'the entry is not late; it has no delay to explain');
  return reason ?? null;
}

/** Writes a viewing row with its chain event; the caller has applied the rules. */
export async function insertViewing(
  tx: Executor,
  row: Omit<ViewingsTable, 'seq'>,
  actorId: string,
  now: Date,
): Promise<Viewing> {
  const { seq, hash } = await recordLedgerRow(
    tx,
    'viewings',
    { type: 'viewing.recorded', actorId, siteId: row.site_id, subjectId: row.id },
    row,
    now,
  );
  return toViewing({ ...row, seq, hash });
}

/** Who may read an entry: the viewer, the site's responsible persons, auditors. */
export function canRead(p: Principal, v: Pick<Viewing, 'siteId' | 'viewerId'>): boolean {
  const sites = readableSites(p);
  if (sites === 'all') return true;
  return v.viewerId === p.id || (p.roles.includes('responsible') && sites.includes(v.siteId));
}

/** Viewing rows with their chain hash and delay reason, for the queries that read whole entries. */
export function viewingRowsQuery(db: Executor) {
  return db
    .selectFrom('viewings as v')
    .innerJoin('ledger_events as e', 'e.seq', 'v.seq')
    .leftJoin('viewing_delay_reasons as d', 'd.viewing_id', 'v.id')
    .selectAll('v')
    .select(['e.hash', 'd.reason as delay_reason']);
}

export async function getViewingRow(db: Executor, id: string): Promise<Viewing> {
  const row = await viewingRowsQuery(db).where('v.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('viewing');
  return toViewing(row);
}
