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
 * start time's index; the findings are counted from the run's index alone.
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
  // All findings at the sites, by kind, from the run's index alone; less those resolved.
  // Resolutions are few beside findings: the cross join tells SQLite to walk them and find
  // each one's finding by its key, not to walk the run's findings looking for resolutions.
  const [all, resolved] = await Promise.all([
    db
      .selectFrom('findings')
      .select(['kind', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('run_id', '=', run.id)
      .where('site_id', 'in', mine)
      .groupBy('kind')
      .execute(),
    db
      .selectFrom('finding_resolutions as r')
      .crossJoin('findings as f')
      .whereRef('f.id', '=', 'r.finding_id')
      .select(['f.kind', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('f.run_id', '=', run.id)
      .where('f.site_id', 'in', mine)
      .groupBy('f.kind')
      .execute(),
  ]);
  const byKind: Partial<Record<FindingKind, number>> = {};
  for (const c of all) byKind[c.kind as FindingKind] = Number(c.n);
  for (const c of resolved) {
    const left = (byKind[c.kind as FindingKind] ?? 0) - Number(c.n);
    if (left > 0) byKind[c.kind as FindingKind] = left;
    else delete byKind[c.kind as FindingKind];
  }
  return {
    runId: run.id,
    startedAt: run.started_at,
    from: run.window_from,
    to: run.window_to,
    byKind,
    total: Object.values(byKind).reduce((a, b) => a + b, 0),
  };
}
