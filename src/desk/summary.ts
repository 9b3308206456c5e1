import { z } from 'zod';
import type { Principal } from '../auth/index.js';
import type { Config } from '../config.js';
import type { Executor } from '../db/index.js';
import { countLateViewings } from '../protocol/index.js';
import { findingKinds, openFindingsOfLatestRun } from '../reconcile/index.js';
import { copySchema, outsideRequestSchema, requestAttention, requestSettingsOf } from '../requests/index.js';
import { overdueKinds, retentionSettingsOf, retentionStatus } from '../retention/index.js';
import { listSites } from '../sites/index.js';
import { lastImportPerSite } from '../vms/index.js';

/** Items of each kind listed; the rest are counted. */
export const deskListLength = 10;
/** R5: late entries of this many past days need attention. */
export const deskLateDays = 30;
/** Late entries are counted up to this many. */
const lateCountCap = 1000;

const attentionList = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() });

/** What needs a responsible person's attention now at their sites (R1 R2 R5 R6). */
export const deskSummarySchema = z.object({
  awaitingDecision: attentionList(outsideRequestSchema).describe(
    'R1 R13: undecided, soonest footage deletion first',
  ),
  acceptedWithoutCopy: attentionList(outsideRequestSchema).describe('R2: accepted, no copy made yet'),
  copiesToDestroy: attentionList(copySchema.extend({ overdue: z.boolean() })).describe(
    'R2: delivered, not destroyed; overdue after COPY_DESTROY_DAYS',
  ),
  copyDestroyDays: z.number(),
  lateEntries: z
    .object({ days: z.number(), count: z.number() })
    .describe('R5: late entries of the last days'),
  openFindings: z
    .object({
      runId: z.string(),
      startedAt: z.string(),
      from: z.string(),
      to: z.string(),
      byKind: z.partialRecord(z.enum(findingKinds), z.number()),
      total: z.number(),
    })
    .nullable()
    .describe('R6: the latest run of the sites, its unresolved findings by kind'),
  purge: z
    .object({ onTime: z.boolean(), overdueKinds: z.array(z.string()), lastPassAt: z.string().nullable() })
    .describe('R1: whether recordings are deleted on time'),
  imports: z
    .array(z.object({ siteId: z.string(), name: z.string(), lastAt: z.string().nullable() }))
    .describe('R6: when each site’s camera-system log was last imported'),
});
export type DeskSummary = z.output<typeof deskSummarySchema>;

/** The desk of a responsible person: the same for the page and the API. */
export async function deskSummary(
  db: Executor,
  me: Principal,
  now: Date,
  config: Readonly<Config>,
): Promise<DeskSummary> {
  const requestSettings = { ...requestSettingsOf(config), copyDestroyDays: config.requests.copyDestroyDays };
  const retention = retentionSettingsOf(config);
  const mine = me.roles.includes('responsible') ? me.siteIds : [];
  const lateSince = new Date(now.getTime() - deskLateDays * 86_400_000).toISOString();
  const [requests, lateCount, findings, overdue, status, imports, sites] = await Promise.all([
    requestAttention(db, me, now, requestSettings, deskListLength),
    countLateViewings(db, mine, lateSince, lateCountCap),
    openFindingsOfLatestRun(db, me),
    overdueKinds(db, retention, now),
    retentionStatus(db, retention, now),
    lastImportPerSite(db, mine),
    listSites(db, mine),
  ]);
  return {
    ...requests,
    copyDestroyDays: requestSettings.copyDestroyDays,
    lateEntries: { days: deskLateDays, count: lateCount },
    openFindings: findings,
    purge: {
      onTime: overdue.length === 0,
      overdueKinds: overdue,
      lastPassAt: status.lastPass?.finishedAt ?? null,
    },
    imports: sites.map((s) => ({ siteId: s.id, name: s.name, lastAt: imports.get(s.id) ?? null })),
  };
}
