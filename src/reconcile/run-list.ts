import { z } from 'zod';
import type { Principal } from '../auth/index.js';
import type { Executor } from '../db/index.js';
import { notFound } from '../errors.js';
import { storedVmsEventSchema, vmsEventsById } from '../vms/index.js';
import {
  findingSites,
  findingsQuery,
  type RunSummary,
  runSummarySchema,
  storedFindingSchema,
  toFinding,
  toRunSummary,
} from './runs.js';

export const runListSchema = z.object({
  items: z.array(runSummarySchema),
  nextCursor: z.string().nullable(),
});

/**
 * R6: the earlier runs a reader may see, newest first, each with its settings and summary.
 * A responsible person sees the runs that cover one of their sites; an auditor every run.
 */
export async function listRuns(
  db: Executor,
  reader: Principal,
  f: { before?: string | undefined; limit: number },
): Promise<z.output<typeof runListSchema>> {
  const sites = findingSites(reader);
  if (sites !== 'all' && sites.length === 0) return { items: [], nextCursor: null };
  let q = db.selectFrom('reconciliation_runs').selectAll();
  if (sites !== 'all') {
    // The sites are a JSON array in the row: LIKE narrows, the exact test follows below.
    q = q.where((eb) => eb.or(sites.map((id) => eb('site_ids', 'like', `%${JSON.stringify(id)}%`))));
  }
  if (f.before) {
    const cursor = await db
      .selectFrom('reconciliation_runs')
      .select(['started_at', 'id'])
      .where('id', '=', f.before)
      .executeTakeFirst();
    if (!cursor) throw notFound('reconciliation', 'cursor');
    q = q.where((eb) =>
      eb.or([
        eb('started_at', '<', cursor.started_at),
        eb.and([eb('started_at', '=', cursor.started_at), eb('id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const items: RunSummary[] = page
    .map(toRunSummary)
    .filter((r) => sites === 'all' || r.siteIds.some((s) => sites.includes(s)));
  return { items, nextCursor: rows.length > f.limit ? (page[page.length - 1]?.id ?? null) : null };
}

/** A finding with the camera-system events it is about (R6): what the finding rests on. */
export const findingEvidenceSchema = storedFindingSchema.extend({ events: z.array(storedVmsEventSchema) });
export type FindingEvidence = z.output<typeof findingEvidenceSchema>;

/** One finding and its events, for a reader who may see the finding's site. */
export async function getFinding(db: Executor, reader: Principal, id: string): Promise<FindingEvidence> {
  const row = await findingsQuery(db).where('f.id', '=', id).executeTakeFirst();
  const sites = findingSites(reader);
  if (!row || (sites !== 'all' && !sites.includes(row.site_id))) throw notFound('finding');
  const finding = toFinding(row);
  return { ...finding, events: await vmsEventsById(db, finding.eventIds) };
}
