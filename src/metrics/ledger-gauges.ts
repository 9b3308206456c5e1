import type { Principal } from '../auth/index.js';
import type { Config } from '../config.js';
import type { Executor } from '../db/index.js';
import { outboxCounts } from '../notifications/index.js';
import { countLateViewings, ledgerHead } from '../protocol/index.js';
import { openFindingsOfLatestRun } from '../reconcile/index.js';
import { countOverdueCopies, requestAttention, requestSettingsOf } from '../requests/index.js';
import { longestPastExpiryMs, retentionSettingsOf, retentionStatus } from '../retention/index.js';
import { listSites } from '../sites/index.js';
import { lastImportPerSite } from '../vms/index.js';

/** Late entries are counted over this window, and up to this many (R5). */
const lateWindowDays = 30;
const lateCap = 100_000;

/**
 * The state of the register an operator watches, service-wide and without personal data: each
 * figure is a count, an age or a time, labelled at most by site id or finding kind.
 */
export interface LedgerGauges {
  headSeq: number;
  /** R1: how long the item longest past its expiry has been waiting for the purge (0: none). */
  oldestPastExpirySeconds: number;
  lastPurge: { finishedAt: string; durationMs: number; deleted: number } | null;
  /** R13: outside requests awaiting decision, and the hours until the soonest one's footage is deleted (R1). */
  awaitingDecision: number;
  hoursUntilFootageDeleted: number | null;
  /** R2. */
  copiesUndestroyed: number;
  copiesOverdue: number;
  /** R5: entries viewed in the last 30 days that were recorded late. */
  lateEntries: number;
  /** R6: per site id, when its camera-system log was last imported (null: never). */
  lastImports: Map<string, string | null>;
  /** R6: unresolved findings of the latest reconciliation run, by kind. */
  openFindings: Record<string, number>;
  /** R1 R2: notifications by e-mail waiting to be sent, and those given up on. */
  notifications: { pending: number; failed: number };
}

export async function ledgerGauges(db: Executor, config: Readonly<Config>, now: Date): Promise<LedgerGauges> {
  const sites = await listSites(db);
  const siteIds = sites.map((s) => s.id);
  // The service's own view across every site, through the same functions as a responsible person's desk.
  const everywhere: Principal = {
    id: 'metrics',
    username: 'metrics',
    displayName: 'metrics',
    roles: ['responsible'],
    siteIds,
    mustChangePassword: false,
  };
  const settings = { ...requestSettingsOf(config), copyDestroyDays: config.requests.copyDestroyDays };
  const overdueBefore = new Date(now.getTime() - config.requests.copyDestroyDays * 86_400_000).toISOString();
  const since = new Date(now.getTime() - lateWindowDays * 86_400_000).toISOString();
  const [head, retention, attention, overdueCopies, late, imports, findings, outbox] = await Promise.all([
    ledgerHead(db),
    retentionStatus(db, retentionSettingsOf(config), now),
    requestAttention(db, everywhere, now, settings, 1),
    countOverdueCopies(db, overdueBefore),
    countLateViewings(db, siteIds, since, lateCap),
    lastImportPerSite(db, siteIds),
    openFindingsOfLatestRun(db, everywhere),
    outboxCounts(db),
  ]);
  const soonest = attention.awaitingDecision.items[0];
  return {
    headSeq: head.seq,
    oldestPastExpirySeconds: longestPastExpiryMs(retention, now) / 1000,
    lastPurge: retention.lastPass
      ? {
          finishedAt: retention.lastPass.finishedAt,
          durationMs: retention.lastPass.durationMs,
          deleted: retention.lastPass.deleted,
        }
      : null,
    awaitingDecision: attention.awaitingDecision.total,
    hoursUntilFootageDeleted: soonest
      ? (Date.parse(soonest.footageDeletedAt) - now.getTime()) / 3_600_000
      : null,
    copiesUndestroyed: attention.copiesToDestroy.total,
    copiesOverdue: overdueCopies,
    lateEntries: late,
    lastImports: imports,
    openFindings: { ...findings?.byKind },
    notifications: outbox,
  };
}
