import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { isResponsibleFor, type Principal, type Role, readableSites } from '../auth/index.js';
import { type Executor, inTransaction, type ViewingRightsTable } from '../db/index.js';
import { notFound, refuse, ruleViolated } from '../errors.js';
import { compareTypedTime, HELSINKI, isInFuture, isoTime, utc } from '../time.js';
import { recordLedgerRow } from './chain.js';
import { reasonSchema } from './reason.js';

const isoDate = z.iso.date();

export const grantSchema = z.strictObject({
  userId: z.string().min(1),
  siteId: z.string().min(1),
  commitmentRef: z
    .string()
    .trim()
    .min(1, 'R3: the confidentiality commitment’s reference is required')
    .max(200),
  commitmentSignedOn: isoDate.describe('date the security and confidentiality commitment was signed'),
  validFrom: isoTime.optional(),
  reason: z
    .string()
    .trim()
    .min(10, 'R3: say in at least 10 characters why the right is back-dated or self-granted')
    .max(2000)
    .optional()
    .describe('R3 why the right starts more than 24 h before it is recorded, or is granted to oneself'),
});

/** R3: a right starting more than this before it is recorded needs a reason. */
const backDatingLimitMs = 24 * 3_600_000;

export const revocationSchema = z.strictObject({
  reason: reasonSchema(),
  effectiveAt: isoTime.optional(),
});

/** R3: a viewing right with its revocation, if any; rights are never deleted, so history stays answerable. */
export const viewingRightSchema = z.object({
  id: z.string(),
  seq: z.number(),
  userId: z.string(),
  siteId: z.string(),
  commitmentRef: z.string(),
  commitmentSignedOn: z.string(),
  validFrom: z.string(),
  grantedBy: z.string(),
  grantedAt: z.string(),
  /** R3: why the right is back-dated or self-granted. */
  reason: z.string().nullable(),
  /** R3: a self-grant another responsible person of the site must confirm before it is valid. */
  confirmation: z.object({
    required: z.boolean(),
    confirmedBy: z.string().nullable(),
    confirmedAt: z.string().nullable(),
  }),
  revocation: z
    .object({
      effectiveAt: z.string(),
      reason: z.string(),
      revokedBy: z.string(),
      revokedAt: z.string(),
      seq: z.number(),
    })
    .nullable(),
});
export type ViewingRight = z.output<typeof viewingRightSchema>;

/** R3: a responsible person of the site grants a right, only against a signed commitment. */
export async function grantRight(
  db: Executor,
  actor: Principal,
  input: z.infer<typeof grantSchema>,
  now: Date,
  s: { twoPersonDecisions: boolean },
): Promise<ViewingRight> {
  if (!isResponsibleFor(actor, input.siteId))
    throw refuse(
      'rights_not_responsible',
      'only a responsible person of the site grants viewing rights',
      'siteId',
    );
  const validFrom = input.validFrom ? utc(input.validFrom) : now.toISOString();
  // The commitment date is a calendar date of the Finnish register: its day in Europe/Helsinki,
  // so that a commitment signed today counts as today also in the hours before UTC's midnight.
  const signedDay = DateTime.fromISO(input.commitmentSignedOn, { zone: HELSINKI });
  if (validFrom < (signedDay.toUTC().toISO() ?? '')) {
    throw ruleViolated(
      'right_before_commitment',
      'validFrom',
      'a right cannot start before the commitment was signed',
    );
  }
  if (input.commitmentSignedOn > (DateTime.fromJSDate(now, { zone: HELSINKI }).toISODate() ?? '')) {
    throw refuse('time_in_future', 'the commitment cannot be signed in the future', 'commitmentSignedOn');
  }
  if (isInFuture(validFrom, now))
    throw refuse('time_in_future', 'validFrom cannot be in the future', 'validFrom');
  const selfGrant = input.userId === actor.id;
  const backDated = now.getTime() - Date.parse(validFrom) > backDatingLimitMs;
  if ((selfGrant || backDated) && input.reason === undefined) {
    const why = selfGrant ? 'a right granted to oneself' : 'a right starting more than 24 h ago';
    throw ruleViolated('right_reason_missing', 'reason', `${why} needs a reason`, {
      why: selfGrant ? 'self_grant' : 'back_dated',
    });
  }
  return inTransaction(db, async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'disabled'])
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user) throw notFound('user', 'userId');
    const site = await tx.selectFrom('sites').select('id').where('id', '=', input.siteId).executeTakeFirst();
    if (!site) throw notFound('site', 'siteId');
    const held = await listRights(tx, { userId: input.userId, siteId: input.siteId });
    if (held.some((r) => r.revocation === null))
      throw ruleViolated('right_already_held', 'userId', 'the person already holds a right for the site');
    const row: Omit<ViewingRightsTable, 'seq'> = {
      id: randomUUID(),
      user_id: input.userId,
      site_id: input.siteId,
      commitment_ref: input.commitmentRef,
      commitment_signed_on: input.commitmentSignedOn,
      valid_from: validFrom,
      granted_by: actor.id,
      granted_at: now.toISOString(),
    };
    await recordLedgerRow(
      tx,
      'viewing_rights',
      { type: 'right.granted', actorId: actor.id, siteId: row.site_id, subjectId: row.id },
      row,
      now,
    );
    if (input.reason !== undefined) {
      const needsConfirmation =
        selfGrant && s.twoPersonDecisions && (await hasOtherResponsible(tx, actor.id, row.site_id));
      await recordLedgerRow(
        tx,
        'viewing_right_reasons',
        { type: 'right.explained', actorId: actor.id, siteId: row.site_id, subjectId: row.id },
        { right_id: row.id, reason: input.reason, needs_confirmation: needsConfirmation ? 1 : 0 },
        now,
      );
    }
    return getRight(tx, row.id);
  });
}

/** Is there another active responsible person of the site, who can confirm a self-grant? */
async function hasOtherResponsible(db: Executor, actorId: string, siteId: string) {
  const users = await db
    .selectFrom('users')
    .select(['id', 'roles', 'site_ids'])
    .where('id', '!=', actorId)
    .where('disabled', '=', 0)
    .execute();
  return users.some((u) =>
    isResponsibleFor(
      { roles: JSON.parse(u.roles) as Role[], siteIds: JSON.parse(u.site_ids) as string[] },
      siteId,
    ),
  );
}

export async function revokeRight(
  db: Executor,
  actor: Principal,
  rightId: string,
  input: z.infer<typeof revocationSchema>,
  now: Date,
): Promise<ViewingRight> {
  return inTransaction(db, async (tx) => {
    const right = await getRight(tx, rightId);
    if (!isResponsibleFor(actor, right.siteId))
      throw refuse('rights_not_responsible', 'only a responsible person of the site revokes viewing rights');
    if (right.revocation) throw refuse('right_already_revoked', 'the right is already revoked');
    const typed = input.effectiveAt ?? now.toISOString();
    const effectiveAt = utc(typed);
    if (isInFuture(effectiveAt, now))
      throw refuse('time_in_future', 'a revocation cannot take effect in the future', 'effectiveAt');
    if (compareTypedTime(typed, right.validFrom) < 0)
      throw refuse(
        'revocation_before_start',
        'a revocation cannot take effect before the right started',
        'effectiveAt',
      );
    const row = {
      right_id: rightId,
      effective_at: effectiveAt,
      reason: input.reason,
      revoked_by: actor.id,
      revoked_at: now.toISOString(),
    };
    await recordLedgerRow(
      tx,
      'viewing_right_revocations',
      { type: 'right.revoked', actorId: actor.id, siteId: right.siteId, subjectId: rightId },
      row,
      now,
    );
    return getRight(tx, rightId);
  });
}

function rightsQuery(db: Executor) {
  return db
    .selectFrom('viewing_rights as r')
    .leftJoin('viewing_right_revocations as v', 'v.right_id', 'r.id')
    .leftJoin('viewing_right_reasons as n', 'n.right_id', 'r.id')
    .leftJoin('viewing_right_confirmations as c', 'c.right_id', 'r.id')
    .selectAll('r')
    .select(['v.effective_at', 'v.reason', 'v.revoked_by', 'v.revoked_at', 'v.seq as revocation_seq'])
    .select(['n.reason as grant_reason', 'n.needs_confirmation', 'c.confirmed_by', 'c.confirmed_at']);
}

type RightRow = Awaited<ReturnType<ReturnType<typeof rightsQuery>['executeTakeFirstOrThrow']>>;

function toRight(r: RightRow): ViewingRight {
  return {
    id: r.id,
    seq: r.seq,
    userId: r.user_id,
    siteId: r.site_id,
    commitmentRef: r.commitment_ref,
    commitmentSignedOn: r.commitment_signed_on,
    validFrom: r.valid_from,
    grantedBy: r.granted_by,
    grantedAt: r.granted_at,
    reason: r.grant_reason,
    confirmation: {
      required: r.needs_confirmation === 1,
      confirmedBy: r.confirmed_by,
      confirmedAt: r.confirmed_at,
    },
    revocation:
      r.effective_at && r.reason && r.revoked_by && r.revoked_at && r.revocation_seq !== null
        ? {
            effectiveAt: r.effective_at,
            reason: r.reason,
            revokedBy: r.revoked_by,
            revokedAt: r.revoked_at,
            seq: r.revocation_seq,
          }
        : null,
  };
}

export async function getRight(db: Executor, id: string): Promise<ViewingRight> {
  const row = await rightsQuery(db).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('viewing right');
  return toRight(row);
}

export interface RightsFilter {
  userId?: string | undefined;
  siteId?: string | undefined;
  /** Only rights in force at this instant (ISO UTC). */
  activeAt?: string | undefined;
  /** Restrict to these sites (the caller's scope); undefined means all. */
  siteIds?: readonly string[] | undefined;
}

/** R3 history: which rights existed, and were in force at any past instant. */
export async function listRights(db: Executor, f: RightsFilter): Promise<ViewingRight[]> {
  let q = rightsQuery(db);
  if (f.userId) q = q.where('r.user_id', '=', f.userId);
  if (f.siteId) q = q.where('r.site_id', '=', f.siteId);
  if (f.siteIds) {
    if (f.siteIds.length === 0) return [];
    q = q.where('r.site_id', 'in', f.siteIds);
  }
  if (f.activeAt) {
    const at = f.activeAt;
    q = q
      .where('r.valid_from', '<=', at)
      .where((eb) => eb.or([eb('v.effective_at', 'is', null), eb('v.effective_at', '>', at)]))
      // R3: a self-grant that needs confirmation is valid only from its confirmation.
      .where((eb) =>
        eb.or([
          eb('n.needs_confirmation', 'is', null),
          eb('n.needs_confirmation', '=', 0),
          eb('c.confirmed_at', '<=', at),
        ]),
      );
  }
  return (await q.orderBy('r.valid_from').orderBy('r.id').execute()).map(toRight);
}

/**
 * R3: did the user hold a right for the site at the time? Answerable for any past time. The
 * time may be typed: "16:08:05" finds a right granted at 16:08:05.301.
 */
export async function heldRightAt(
  db: Executor,
  userId: string,
  siteId: string,
  at: string,
): Promise<boolean> {
  const rights = await listRights(db, { userId, siteId });
  return rights.some(
    (r) =>
      compareTypedTime(at, r.validFrom) >= 0 &&
      (r.revocation === null || compareTypedTime(at, r.revocation.effectiveAt) < 0) &&
      // R3: a self-grant that needs confirmation is valid only from its confirmation.
      (!r.confirmation.required ||
        (r.confirmation.confirmedAt !== null && compareTypedTime(at, r.confirmation.confirmedAt) >= 0)),
  );
}

/** The rights a reader may see: a plain viewer their own, a responsible person their sites', an auditor all. */
export async function listVisibleRights(db: Executor, reader: Principal, f: Omit<RightsFilter, 'siteIds'>) {
  const sites = readableSites(reader);
  const ownOnly = !reader.roles.includes('responsible') && sites !== 'all';
  return listRights(db, {
    ...f,
    userId: ownOnly ? reader.id : f.userId,
    siteIds: sites === 'all' ? undefined : sites,
  });
}
