import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isResponsibleFor, type Principal } from '../auth/index.js';
import { type Executor, inTransaction } from '../db/index.js';
import { notFound, refuse } from '../errors.js';
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
  return { original, amendments, effective: applyAmendments(original, amendments) };
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
    if (original.viewerId !== actor.id && !isResponsibleFor(actor, original.siteId)) {
      throw refuse(
        'amend_not_allowed',
        'only the viewer or a responsible person of the site may amend an entry',
      );
    }
    const { decidedBy, ...rest } = input.changes;
    const changes: StoredChanges = {};
    for (const [key, value] of Object.entries(rest)) {
      if (value === undefined) continue;
      const isTime =
        key === 'viewedAt' || key === 'viewedUntil' || key === 'footageFrom' || key === 'footageTo';
      (changes as Record<string, unknown>)[key] = isTime ? utc(value as string) : value;
    }
    if (decidedBy) changes.decidedBy = await resolveDecider(tx, decidedBy);
    const next = { ...effective, ...changes };
    if (original.source === 'service') {
      if (!next.viewerId) throw refuse('entry_without_viewer', 'the entry has no viewer', 'viewerId');
      // The times this correction gives are checked as typed, each at its own precision.
      await checkEntryRules(
        tx,
        {
          siteId: next.siteId,
          viewerId: next.viewerId,
          viewedAt: rest.viewedAt ?? next.viewedAt,
          viewedUntil: rest.viewedUntil ?? next.viewedUntil,
          cameraIds: next.cameraIds,
          footageFrom: rest.footageFrom ?? next.footageFrom,
          footageTo: rest.footageTo ?? next.footageTo,
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
