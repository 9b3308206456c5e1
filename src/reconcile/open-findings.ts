import type { Principal } from '../auth/index.js';
import type { Executor } from '../db/index.js';
import type { FindingKind } from './findings.js';

/** The open findings of the latest reconciliation of someone's sites, by kind (R6). */
export interface OpenFindings {
  runId: string;
  startedAt: string;
  from: string;
  to: string;
  /** Unresolved findings at the person's sites, by kind; kinds with none are left out. */
  byKind: Partial<Record<FindingKind, number>>;
  total: number;
}

/** Runs looked at to find the latest one of the person's sites (newest first). */
const recentRuns = 50;

/**
 * R6: the newest run that covered any of the responsible person's sites, and how many of its
 * findings at those sites nobody has resolved yet. The runs are read newest first by their
 * start time's index; the findings are counted from the run's index in one grouped read.
 */
export async function openFindingsOfLatestRun(db: Executor, p: Principal): Promise<OpenFindings | null> {
  const mine = p.roles.includes('responsible') ? [...p.siteIds] : [];
  if (mine.length === 0) return null;
  const runs = await db
    .selectFrom('reconciliation_runs')
    .select(['id', 'started_at', 'window_from', 'window_to', 'site_ids'])
    .orderBy('started_at', 'desc')
    .limit(recentRuns)
    .execute();
  const run = runs.find((r) => (JSON.parse(r.site_ids) as string[]).some((s) => mine.includes(s)));
  if (!run) return null;
  const counts = await db
    .selectFrom('findings as f')
    .leftJoin('finding_resolutions as r', 'r.finding_id', 'f.id')
    .select(['f.kind', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('f.run_id', '=', run.id)
    .where('f.site_id', 'in', mine)
    .where('r.id', 'is', null)
    .groupBy('f.kind')
    .execute();
  const byKind: Partial<Record<FindingKind, number>> = {};
  for (const c of counts) byKind[c.kind as FindingKind] = Number(c.n);
  return {
    runId: run.id,
    startedAt: run.started_at,
    from: run.window_from,
    to: run.window_to,
    byKind,
    total: Object.values(byKind).reduce((a, b) => a + b, 0),
  };
}
