import { randomBytes, randomUUID } from 'node:crypto';
import { v7 as timeOrderedUuid } from 'uuid';
import { z } from 'zod';
import { isResponsibleFor, type Principal, readableSites } from '../auth/index.js';
import {
  type Executor,
  type FindingsTable,
  inTransaction,
  type ReconciliationRunsTable,
} from '../db/index.js';
import { notFound, refuse } from '../errors.js';
import { isoTime } from '../time.js';
import { reconcile } from './engine.js';
import { type Finding, type FindingKind, findingKinds } from './findings.js';
import { loadReconcileInputs } from './inputs.js';
import { latestFindings } from './latest-findings.js';
import { notifyRightFindings } from './notify-findings.js';
import { reconcileSettingsSchema } from './settings.js';
import { epochMsToIso, isoToEpochMs, reconcileLoadRanges } from './time.js';

export const runRequestSchema = z.strictObject({
  from: isoTime,
  to: isoTime,
  siteIds: z.array(z.string().min(1)).max(100).optional().describe('omitted: every site the caller may see'),
  settings: reconcileSettingsSchema.partial().optional().describe('overrides of the R6 tolerances'),
});
export type RunRequest = z.infer<typeof runRequestSchema>;

/** A stored run (R6): its window and sites, the settings that produced it, and what it found. */
export const runSummarySchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  siteIds: z.array(z.string()),
  settings: z.record(z.string(), z.unknown()),
  summary: z.record(z.string(), z.number()),
  counts: z.record(z.string(), z.number()),
  unmapped: z.object({ cameraNames: z.array(z.string()), vmsUsers: z.array(z.string()) }),
  startedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
});
export type RunSummary = z.output<typeof runSummarySchema>;

/** A finding of a stored run, with its resolution once a responsible person has resolved it. */
export const storedFindingSchema = z.object({
  id: z.string(),
  runId: z.string(),
  ordinal: z.number(),
  kind: z.enum(findingKinds),
  siteId: z.string(),
  vmsUser: z.string().nullable(),
  userId: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  eventIds: z.array(z.string()),
  entryIds: z.array(z.string()),
  copyIds: z.array(z.string()),
  detail: z.record(z.string(), z.unknown()),
  resolution: z.object({ note: z.string(), resolvedBy: z.string(), resolvedAt: z.string() }).nullable(),
});
export type StoredFinding = z.output<typeof storedFindingSchema>;

/** A run with one page of its findings. */
export const runPageSchema = runSummarySchema.extend({
  findings: z.array(storedFindingSchema),
  nextCursor: z.string().nullable(),
});

async function sitesInScope(
  db: Executor,
  actor: Principal,
  requested: readonly string[] | undefined,
): Promise<string[]> {
  const visible = readableSites(actor);
  if (requested) {
    requested.forEach((id, i) => {
      if (visible !== 'all' && !isResponsibleFor(actor, id))
        throw refuse('site_not_yours', 'the site is not one of yours', `siteIds.${i}`);
    });
    return [...new Set(requested)];
  }
  if (visible === 'all') return (await db.selectFrom('sites').select('id').execute()).map((s) => s.id);
  return visible.filter((id) => isResponsibleFor(actor, id));
}

/**
 * R6: compares the ledger with the camera system's log over `[from, to)` and stores the run
 * with its settings and findings. The same inputs and settings give the same findings.
 */
export async function runReconciliation(
  db: Executor,
  actor: Principal,
  input: RunRequest,
  clock: () => Date,
  o: { notify?: boolean } = {},
): Promise<RunSummary> {
  const now = clock();
  const window = { from: isoToEpochMs(input.from), to: isoToEpochMs(input.to) };
  if (window.from >= window.to)
    throw refuse('period_reversed', 'the window must start before it ends', 'from');
  const settings = reconcileSettingsSchema.parse(input.settings ?? {});
  const siteIds = await sitesInScope(db, actor, input.siteIds);
  const ranges = reconcileLoadRanges(window, settings, now.getTime());
  // The inputs (a million events) are not kept in a variable: they can be collected while
  // the findings are stored.
  const result = reconcile({
    window,
    now: now.getTime(),
    siteIds,
    settings,
    ...(await loadReconcileInputs(db, siteIds, ranges)),
  });
  const finishedAt = clock();
  const run = {
    id: randomUUID(),
    window_from: epochMsToIso(window.from),
    window_to: epochMsToIso(window.to),
    site_ids: JSON.stringify(siteIds),
    settings: JSON.stringify(result.settings),
    summary: JSON.stringify(result.summary),
    counts: JSON.stringify(result.counts),
    unmapped: JSON.stringify({ cameraNames: result.unmappedCameraNames, vmsUsers: result.unmappedVmsUsers }),
    started_by: actor.id,
    started_at: now.toISOString(),
    finished_at: finishedAt.toISOString(),
  };
  const ids = findingIds(result.findings.length, finishedAt.getTime());
  await inTransaction(db, async (tx) => {
    await tx.insertInto('reconciliation_runs').values(run).execute();
    // 500 rows of 13 values stay far below SQLite's 32,766 bound parameters.
    for (let i = 0; i < result.findings.length; i += 500)
      await tx
        .insertInto('findings')
        .values(result.findings.slice(i, i + 500).map((f, k) => toFindingRow(run.id, ids(i + k), i + k, f)))
        .execute();
    if (o.notify) await notifyRightFindings(tx, run.id, result.findings, finishedAt);
  });
  return toRunSummary(run);
}

/**
 * Thousands of findings per run: time-ordered ids (UUID v7, RFC 9562) append to the primary
 * key's index instead of inserting at random places across it (3x cheaper once the table
 * holds a few hundred thousand rows). The run's findings share its time and count up in
 * the sequence field; their random bits come from one call, not one each (10 µs a call).
 */
function findingIds(count: number, msecs: number): (ordinal: number) => string {
  const random = randomBytes(16 * count);
  return (ordinal) =>
    timeOrderedUuid({ msecs, seq: ordinal, random: random.subarray(16 * ordinal, 16 * ordinal + 16) });
}

function toFindingRow(runId: string, id: string, ordinal: number, f: Finding): FindingsTable {
  return {
    id,
    run_id: runId,
    ordinal,
    kind: f.kind,
    site_id: f.siteId,
    vms_user: f.vmsUser ?? null,
    user_id: f.userId ?? null,
    period_from: epochMsToIso(f.from),
    period_to: epochMsToIso(f.to),
    event_ids: JSON.stringify(f.eventIds),
    entry_ids: JSON.stringify(f.entryIds),
    copy_ids: JSON.stringify(f.copyIds),
    detail: JSON.stringify(f.detail),
  };
}

export function toRunSummary(r: ReconciliationRunsTable): RunSummary {
  return {
    id: r.id,
    from: r.window_from,
    to: r.window_to,
    siteIds: JSON.parse(r.site_ids) as string[],
    settings: JSON.parse(r.settings) as Record<string, unknown>,
    summary: JSON.parse(r.summary) as Record<string, number>,
    counts: JSON.parse(r.counts) as Record<string, number>,
    unmapped: JSON.parse(r.unmapped) as RunSummary['unmapped'],
    startedBy: r.started_by,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export function findingsQuery(db: Executor) {
  return db
    .selectFrom('findings as f')
    .leftJoin('finding_resolutions as r', 'r.finding_id', 'f.id')
    .selectAll('f')
    .select(['r.note', 'r.resolved_by', 'r.resolved_at']);
}
type FindingRow = Awaited<ReturnType<ReturnType<typeof findingsQuery>['executeTakeFirstOrThrow']>>;

export function toFinding(r: FindingRow): StoredFinding {
  return {
    id: r.id,
    runId: r.run_id,
    ordinal: r.ordinal,
    kind: r.kind as FindingKind,
    siteId: r.site_id,
    vmsUser: r.vms_user,
    userId: r.user_id,
    from: r.period_from,
    to: r.period_to,
    eventIds: JSON.parse(r.event_ids) as string[],
    entryIds: JSON.parse(r.entry_ids) as string[],
    copyIds: JSON.parse(r.copy_ids) as string[],
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    resolution:
      r.note && r.resolved_by && r.resolved_at
        ? { note: r.note, resolvedBy: r.resolved_by, resolvedAt: r.resolved_at }
        : null,
  };
}

/** Sites whose findings the reader may see. */
export function findingSites(reader: Principal): 'all' | string[] {
  const sites = readableSites(reader);
  return sites === 'all' ? 'all' : sites.filter((id) => isResponsibleFor(reader, id));
}

export interface FindingPageFilter {
  kind?: (typeof findingKinds)[number] | undefined;
  unresolved?: boolean | undefined;
  afterOrdinal?: number | undefined;
  limit: number;
}

export async function getRun(
  db: Executor,
  reader: Principal,
  id: string,
  f: FindingPageFilter,
): Promise<z.output<typeof runPageSchema>> {
  const row = await db.selectFrom('reconciliation_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('reconciliation');
  const run = toRunSummary(row);
  const sites = findingSites(reader);
  if (sites !== 'all' && !run.siteIds.some((s) => sites.includes(s))) throw notFound('reconciliation');
  let q = findingsQuery(db).where('f.run_id', '=', id);
  if (sites !== 'all') q = q.where('f.site_id', 'in', sites.length ? sites : ['']);
  if (f.kind) q = q.where('f.kind', '=', f.kind);
  if (f.unresolved) q = q.where('r.id', 'is', null);
  if (f.afterOrdinal !== undefined) q = q.where('f.ordinal', '>', f.afterOrdinal);
  const rows = await q
    .orderBy('f.ordinal')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit).map(toFinding);
  return {
    ...run,
    findings: page,
    nextCursor: rows.length > f.limit ? String(page[page.length - 1]?.ordinal) : null,
  };
}

/** A responsible person resolves a finding with a note; the finding itself stays. */
export async function resolveFinding(
  db: Executor,
  actor: Principal,
  findingId: string,
  note: string,
  now: Date,
): Promise<StoredFinding> {
  return inTransaction(db, async (tx) => {
    const row = await findingsQuery(tx).where('f.id', '=', findingId).executeTakeFirst();
    if (!row) throw notFound('finding');
    if (!isResponsibleFor(actor, row.site_id)) {
      if (readableSites(actor) === 'all')
        throw refuse('resolve_not_responsible', 'only a responsible person of the site resolves findings');
      throw notFound('finding');
    }
    if (row.resolved_at) throw refuse('finding_already_resolved', 'the finding is already resolved');
    await tx
      .insertInto('finding_resolutions')
      .values({
        id: randomUUID(),
        finding_id: findingId,
        note,
        resolved_by: actor.id,
        resolved_at: now.toISOString(),
      })
      .execute();
    return toFinding(await findingsQuery(tx).where('f.id', '=', findingId).executeTakeFirstOrThrow());
  });
}

/** A finding in the Excel workbook, with the run it comes from. */
export interface ExportedFinding extends StoredFinding {
  run: { id: string; from: string; to: string; finishedAt: string };
}

/**
 * Findings that overlap a period, for the Excel workbook: for each site and time only those of
 * the latest run covering it (R6, `latestFindings`), each with its run.
 */
export async function findingsForExport(
  db: Executor,
  siteIds: readonly string[] | 'all',
  from: string,
  to: string,
): Promise<ExportedFinding[]> {
  let q = findingsQuery(db).where('f.period_from', '<', to).where('f.period_to', '>=', from);
  if (siteIds !== 'all') q = q.where('f.site_id', 'in', siteIds.length ? [...siteIds] : ['']);
  const findings = (await q.orderBy('f.period_from').orderBy('f.id').execute()).map(toFinding);
  if (findings.length === 0) return [];
  // Runs that could cover any of these findings: those overlapping the span of their periods.
  let spanFrom = from;
  let spanTo = to;
  for (const f of findings) {
    if (f.from < spanFrom) spanFrom = f.from;
    if (f.to > spanTo) spanTo = f.to;
  }
  const runs = (
    await db
      .selectFrom('reconciliation_runs')
      .selectAll()
      .where('window_from', '<=', spanTo)
      .where('window_to', '>', spanFrom)
      .execute()
  ).map(toRunSummary);
  const byId = new Map(runs.map((r) => [r.id, r]));
  return latestFindings(findings, runs).map((f) => {
    const run = byId.get(f.runId);
    return {
      ...f,
      run: { id: f.runId, from: run?.from ?? '', to: run?.to ?? '', finishedAt: run?.finishedAt ?? '' },
    };
  });
}
