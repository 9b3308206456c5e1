import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isResponsibleFor, type Principal } from '../auth/index.js';
import { type Executor, inTransaction } from '../db/index.js';
import { notFound, refuse, ruleViolated } from '../errors.js';
import { utc } from '../time.js';
import { recordLedgerRow } from './chain.js';
import { checkEntryRules } from './entry-rules.js';
import { reasonSchema } from './reason.js';
import type { ProtocolSettings } from './settings.js';
import {
  canRead,
  getViewingRow,
  newViewingSchema,
  resolveDecider,
  type Viewing,
  viewingSchema,
} from './viewings.js';
import { voidingSchema, voidsOf } from './voids.js';

/** The fields a correction may change; who viewed and when it was recorded never change. */
const amendable = {
  viewedAt: true,
  viewedUntil: true,
  cameraIds: true,
  description: true,
  footageFrom: true,
  footageTo: true,
  footageTimeEstimated: true,
  grounds: true,
  justification: true,
  decidedBy: true,
  requestId: true,
} as const;

export const amendmentSchema = z.strictObject({
  changes: newViewingSchema
    .pick(amendable)
    // No defaults: a default would fill a field the correction does not name, and the
    // workbook would show it as changed (R4: a correction changes only what it names).
    .extend({ footageTimeEstimated: z.boolean() })
    .partial()
    // A default would make every correction also reset the flag; only a named change counts.
    .extend({ footageTimeEstimated: z.boolean().optional() })
    .strict()
    .refine((c) => Object.keys(c).length > 0, 'name at least one field to change'),
  reason: reasonSchema(),
});
export type AmendmentInput = z.infer<typeof amendmentSchema>;

/** A recorded correction: only the fields it changes, times in UTC, the decider resolved to a name. */
export const recordedAmendmentSchema = z.object({
  id: z.string(),
  seq: z.number(),
  changes: viewingSchema.pick(amendable).partial(),
  reason: z.string(),
  amendedBy: z.string(),
  amendedAt: z.string(),
});
export type Amendment = z.output<typeof recordedAmendmentSchema>;
type StoredChanges = Amendment['changes'];

/** An entry with its corrections: the original always stays visible (R4). */
export const viewingHistorySchema = z.object({
  original: viewingSchema,
  amendments: z.array(recordedAmendmentSchema),
  effective: viewingSchema,
  /** R4: a void entry stays in the ledger, marked, with the reason. */
  voided: voidingSchema.nullable(),
});
export type ViewingWithHistory = z.output<typeof viewingHistorySchema>;

/**
 * The entry as its amendments leave it, later ones winning. `original` may carry only some
 * of a viewing's fields (the reconciliation reads just the ones it matches on): only those
 * are taken from the changes. Without amendments the original itself is returned.
 */
export function applyAmendments<V extends Partial<Viewing>>(
  original: V,
  amendments: readonly Amendment[],
): V {
  if (amendments.length === 0) return original;
  const effective: Record<string, unknown> = { ...original };
  for (const { changes } of amendments) {
    for (const [field, value] of Object.entries(changes)) if (field in effective) effective[field] = value;
  }
  return effective as V;
}

export async function amendmentsOf(
  db: Executor,
  viewingIds: readonly string[],
): Promise<Map<string, Amendment[]>> {
  const byViewing = new Map<string, Amendment[]>();
  if (viewingIds.length === 0) return byViewing;
  // Chunks keep each IN list far below the bound-parameter limits (SQLite 32,766), since a
  // reconciliation may ask for every entry of a busy month.
  const rows = [];
  for (let i = 0; i < viewingIds.length; i += 1000) {
    rows.push(
      ...(await db
        .selectFrom('viewing_amendments')
        .selectAll()
        .where('viewing_id', 'in', viewingIds.slice(i, i + 1000))
        .execute()),
    );
  }
  rows.sort((x, y) => x.seq - y.seq);
  for (const r of rows) {
    const list = byViewing.get(r.viewing_id) ?? [];
    list.push({
      id: r.id,
      seq: r.seq,
      changes: JSON.parse(r.changes) as StoredChanges,
      reason: r.reason,
      amendedBy: r.amended_by,
      amendedAt: r.amended_at,
    });
    byViewing.set(r.viewing_id, list);
  }
  return byViewing;
}

/** A finished entry with its corrections; the original always stays visible (R4). */
export async function getViewing(db: Executor, reader: Principal, id: string): Promise<ViewingWithHistory> {
  const original = await getViewingRow(db, id);
  // BOLA: an entry the caller may not read does not exist for them.
  if (!canRead(reader, original)) throw notFound('viewing');
  const amendments = (await amendmentsOf(db, [id])).get(id) ?? [];
  const voided = (await voidsOf(db, [id])).get(id) ?? null;
  return { original, amendments, effective: applyAmendments(original, amendments), voided };
}

/** The changes as stored: times in UTC, cameras once each, the decider resolved to a name. */
async function storedChanges(db: Executor, input: AmendmentInput['changes']): Promise<StoredChanges> {
  const { decidedBy, ...rest } = input;
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    const isTime =
      key === 'viewedAt' || key === 'viewedUntil' || key === 'footageFrom' || key === 'footageTo';
    if (isTime) changes[key] = utc(value as string);
    else if (key === 'cameraIds') changes[key] = [...new Set(value as string[])];
    else changes[key] = value;
  }
  if (decidedBy) changes.decidedBy = await resolveDecider(db, decidedBy);
  return changes as StoredChanges;
}

/** A value as compared with the current one: the set of cameras, whatever their order. */
function comparable(key: string, value: unknown): string {
  return JSON.stringify(key === 'cameraIds' ? [...(value as string[])].sort() : value);
}

/** R4: a correction that names a field must change it; "a → a" says nothing to an auditor. */
function refuseUnchanged(changes: StoredChanges, effective: Viewing) {
  for (const [key, value] of Object.entries(changes)) {
    if (comparable(key, value) === comparable(key, effective[key as keyof Viewing])) {
      throw ruleViolated('amendment_unchanged', `changes.${key}`, `${key} already has this value`, {
        field: key,
      });
    }
  }
}

/**
 * Records a correction of named fields with a reason, by the viewer or a responsible person
 * of the site. The corrected entry must still satisfy the entry rules.
 */
export async function amendViewing(
  db: Executor,
  actor: Principal,
  id: string,
  input: AmendmentInput,
  now: Date,
  s: ProtocolSettings,
): Promise<ViewingWithHistory> {
  return inTransaction(db, async (tx) => {
    const current = await getViewing(tx, actor, id);
    const { original, effective } = current;
    if (current.voided)
      throw ruleViolated('viewing_already_voided', undefined, 'a void entry is not amended');
    if (original.viewerId !== actor.id && !isResponsibleFor(actor, original.siteId)) {
      throw refuse(
        'amend_not_allowed',
        'only the viewer or a responsible person of the site may amend an entry',
      );
    }
    const changes = await storedChanges(tx, input.changes);
    refuseUnchanged(changes, effective);
    // The times as typed, so the rules compare each at the precision it was given.
    const typed = input.changes;
    const next = { ...effective, ...changes };
    if (original.source === 'service') {
      if (!next.viewerId) throw refuse('entry_without_viewer', 'the entry has no viewer', 'viewerId');
      // The times this correction gives are checked as typed, each at its own precision.
      await checkEntryRules(
        tx,
        {
          siteId: next.siteId,
          viewerId: next.viewerId,
          viewedAt: typed.viewedAt ?? next.viewedAt,
          viewedUntil: typed.viewedUntil ?? next.viewedUntil,
          cameraIds: next.cameraIds,
          footageFrom: typed.footageFrom ?? next.footageFrom,
          footageTo: typed.footageTo ?? next.footageTo,
          decidedByUserId: next.decidedBy.userId,
          decidedByName: next.decidedBy.name,
          requestId: next.requestId,
        },
        now,
        s,
      );
    }
    const row = {
      id: randomUUID(),
      viewing_id: id,
      changes: JSON.stringify(changes),
      reason: input.reason,
      amended_by: actor.id,
      amended_at: now.toISOString(),
    };
    await recordLedgerRow(
      tx,
      'viewing_amendments',
      { type: 'viewing.amended', actorId: actor.id, siteId: original.siteId, subjectId: id },
      row,
      now,
    );
    return getViewing(tx, actor, id);
  });
}
