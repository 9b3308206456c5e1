import { createHash } from 'node:crypto';
import type { Executor } from '../db/index.js';
import { enqueueNotification } from '../notifications/outbox/index.js';
import type { Finding, FindingKind } from './findings.js';

/** Findings about who viewed (R3 R6): the site's responsible persons hear of them at once. */
const alarming: readonly FindingKind[] = ['viewer_without_right', 'unknown_vms_user'];

/**
 * Writes, per site, one notification of a run's findings about who viewed. Its key is the
 * camera-system events behind them, so another run over the same events (the same window
 * again, or an overlapping one that found nothing new) adds nothing, while new evidence is told.
 */
export async function notifyRightFindings(
  db: Executor,
  runId: string,
  findings: readonly Finding[],
  now: Date,
): Promise<void> {
  const bySite = new Map<string, { viewerWithoutRight: number; unknownVmsUser: number; events: string[] }>();
  for (const f of findings) {
    if (!alarming.includes(f.kind)) continue;
    const site = bySite.get(f.siteId) ?? { viewerWithoutRight: 0, unknownVmsUser: 0, events: [] };
    if (f.kind === 'viewer_without_right') site.viewerWithoutRight += 1;
    else site.unknownVmsUser += 1;
    site.events.push(...f.eventIds);
    bySite.set(f.siteId, site);
  }
  for (const [siteId, { events, ...counts }] of bySite) {
    const evidence = createHash('sha256').update(events.sort().join('\n')).digest('hex').slice(0, 32);
    await enqueueNotification(
      db,
      {
        kind: 'reconcile_findings',
        siteId,
        key: `reconcile_findings:${siteId}:${evidence}`,
        params: { runId, ...counts },
      },
      now,
    );
  }
}
