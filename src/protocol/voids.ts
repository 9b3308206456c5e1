import { z } from 'zod';
import { isResponsibleFor, type Principal } from '../auth/index.js';
import { type Executor, inTransaction } from '../db/index.js';
import { notFound, refuse, ruleViolated } from '../errors.js';
import { recordLedgerRow } from './chain.js';
import { canRead, getViewingRow } from './viewings.js';

export const voidSchema = z.strictObject({
  reason: z.string().trim().min(10, 'R4: say in at least 10 characters why the entry is void').max(2000),
});

/** A void of a duplicate or mistaken entry (R4): the entry stays, marked void, with the reason. */
export const voidingSchema = z.object({
  reason: z.string(),
  voidedBy: z.string(),
  voidedAt: z.string(),
  seq: z.number(),
});
export type Voiding = z.output<typeof voidingSchema>;

/** The voids of the entries, by entry id; entries not voided are absent. */
export async function voidsOf(db: Executor, viewingIds: readonly string[]): Promise<Map<string, Voiding>> {
  const byViewing = new Map<string, Voiding>();
  // Chunks keep each IN list far below the bound-parameter limits, as in amendmentsOf.
  for (let i = 0; i < viewingIds.length; i += 1000) {
    const rows = await db
      .selectFrom('viewing_voids')
      .selectAll()
      .where('viewing_id', 'in', viewingIds.slice(i, i + 1000))
      .execute();
    for (const r of rows) {
      byViewing.set(r.viewing_id, {
        reason: r.reason,
        voidedBy: r.voided_by,
        voidedAt: r.voided_at,
        seq: r.seq,
      });
    }
  }
  return byViewing;
}

/**
 * R4: voids a duplicate or mistaken entry, by its viewer or a responsible person of the site,
 * with a reason. The entry keeps its place in the chain, in lists and in the workbook.
 */
export async function voidViewing(
  db: Executor,
  actor: Principal,
  id: string,
  input: z.infer<typeof voidSchema>,
  now: Date,
): Promise<Voiding> {
  return inTransaction(db, async (tx) => {
    const entry = await getViewingRow(tx, id);
    if (!canRead(actor, entry)) throw notFound('viewing');
    if (entry.viewerId !== actor.id && !isResponsibleFor(actor, entry.siteId)) {
      throw refuse(
        'void_not_allowed',
        'only the viewer or a responsible person of the site may void an entry',
      );
    }
    if ((await voidsOf(tx, [id])).has(id))
      throw ruleViolated('viewing_already_voided', undefined, 'the entry is already void');
    const row = { viewing_id: id, reason: input.reason, voided_by: actor.id, voided_at: now.toISOString() };
    const { seq } = await recordLedgerRow(
      tx,
      'viewing_voids',
      { type: 'viewing.voided', actorId: actor.id, siteId: entry.siteId, subjectId: id },
      row,
      now,
    );
    return { reason: row.reason, voidedBy: row.voided_by, voidedAt: row.voided_at, seq };
  });
}
