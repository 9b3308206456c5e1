/** A stored run as the choice of the latest one needs it. */
export interface RunCover {
  id: string;
  from: string;
  to: string;
  siteIds: readonly string[];
  finishedAt: string;
}

/** Later runs first: the time a run finished, then its id so that ties come out the same every time. */
const later = (a: RunCover, b: RunCover) =>
  a.finishedAt !== b.finishedAt ? a.finishedAt > b.finishedAt : a.id > b.id;

/**
 * R6: runs over the same site and period repeat each other's findings. For each site and time
 * the latest run covering it speaks for it, so a finding is kept only when no later run covered
 * its site over any part of its period (`[from, to]`, ISO UTC; a run's window is `[from, to)`).
 */
export function latestFindings<F extends { runId: string; siteId: string; from: string; to: string }>(
  findings: readonly F[],
  runs: readonly RunCover[],
): F[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  return findings.filter((f) => {
    const own = byId.get(f.runId);
    if (!own) return true;
    return !runs.some(
      (r) => later(r, own) && r.siteIds.includes(f.siteId) && r.from <= f.to && f.from < r.to,
    );
  });
}
