import { DateTime } from 'luxon';
import { getUser } from '../auth/index.js';
import type { Config } from '../config.js';
import type { Executor } from '../db/index.js';
import { deskSummary } from '../desk/index.js';
import { verifyLedger } from '../protocol/index.js';
import { overdueCopies, undecidedNearDeletion } from '../requests/index.js';
import {
  longestPastExpiryMs,
  overdueKinds,
  retentionSettingsOf,
  retentionStatus,
} from '../retention/index.js';
import { HELSINKI } from '../time.js';
import { copyOverdueAlert, enqueueNotification, recipientsOf, requestAlert } from './outbox/index.js';

/** What one pass wrote to the outbox, by kind. */
export type FoundAlerts = Record<string, number>;

/** Kept between passes by the one process: when the ledger was last verified for the alert. */
export interface PassState {
  lastVerifiedAt: number | null;
}

const dayMs = 86_400_000;

/**
 * The time-based alerts (R1 R2 R4): the pass finds what has become due since the last one
 * and writes it to the outbox. Each alert's idempotency key names its event (a request and
 * its stage, a copy, a chain break, a day), so a second pass — here or on another
 * instance — adds nothing.
 */
export async function findDueAlerts(
  db: Executor,
  config: Readonly<Config>,
  now: Date,
  state: PassState,
): Promise<FoundAlerts> {
  const found: FoundAlerts = {};
  const add = async (kind: string, n: Promise<number>) => {
    found[kind] = (found[kind] ?? 0) + (await n);
  };
  const retention = retentionSettingsOf(config);
  for (const r of await undecidedNearDeletion(db, now, retention.recordingHours, 24)) {
    const alert = requestAlert(r, now);
    await add(alert.kind, enqueueNotification(db, alert, now));
  }
  const days = config.requests.copyDestroyDays;
  for (const c of await overdueCopies(db, new Date(now.getTime() - days * dayMs).toISOString())) {
    await add('copy_overdue', enqueueNotification(db, copyOverdueAlert(c, days), now));
  }
  await add('purge_late', purgeLate(db, config, now));
  await add('backup_overdue', backupOverdue(db, config, now));
  await add('ledger_verify_failed', ledgerBroken(db, config, now, state));
  await add('daily_digest', digests(db, config, now));
  return found;
}

/** R1: items past their expiry longer than two purge intervals; once a day while it lasts. */
async function purgeLate(db: Executor, config: Readonly<Config>, now: Date): Promise<number> {
  const s = retentionSettingsOf(config);
  if ((await overdueKinds(db, s, now)).length === 0) return 0;
  const minutes = Math.floor(longestPastExpiryMs(await retentionStatus(db, s, now), now) / 60_000);
  return enqueueNotification(
    db,
    {
      kind: 'purge_late',
      siteId: null,
      key: `purge_late:${now.toISOString().slice(0, 10)}`,
      params: { minutes },
    },
    now,
  );
}

/**
 * No `cctv-ledger backup` in the last BACKUP_MAX_AGE_HOURS (the command's access-log row,
 * R10, is its record); once a day while it lasts. Only the window is read, through the log's
 * time index.
 */
async function backupOverdue(db: Executor, config: Readonly<Config>, now: Date): Promise<number> {
  const hours = config.notifications.backupMaxAgeHours;
  if (hours <= 0) return 0;
  const since = new Date(now.getTime() - hours * 3_600_000).toISOString();
  const recent = await db
    .selectFrom('audit_events')
    .select('id')
    .where('at', '>=', since)
    .where('action', '=', 'backup.create')
    .where('outcome', '=', 'success')
    .limit(1)
    .executeTakeFirst();
  if (recent) return 0;
  return enqueueNotification(
    db,
    {
      kind: 'backup_overdue',
      siteId: null,
      key: `backup_overdue:${now.toISOString().slice(0, 10)}`,
      params: { hours },
    },
    now,
  );
}

/** R4: the whole chain walked every VERIFY_INTERVAL_MINUTES; a break is told once. */
async function ledgerBroken(
  db: Executor,
  config: Readonly<Config>,
  now: Date,
  state: PassState,
): Promise<number> {
  const interval = Math.max(1, config.verifyIntervalMinutes) * 60_000;
  if (state.lastVerifiedAt !== null && now.getTime() - state.lastVerifiedAt < interval) return 0;
  state.lastVerifiedAt = now.getTime();
  const result = await verifyLedger(db);
  if (result.ok) return 0;
  return enqueueNotification(
    db,
    {
      kind: 'ledger_verify_failed',
      siteId: null,
      key: `ledger_verify_failed:${result.brokenAt}:${result.code}`,
      params: { seq: result.brokenAt },
    },
    now,
  );
}

/** The daily digest of those who chose it, from NOTIFY_DIGEST_HOUR on; nothing waiting, no mail. */
async function digests(db: Executor, config: Readonly<Config>, now: Date): Promise<number> {
  const local = DateTime.fromJSDate(now, { zone: HELSINKI });
  if (local.hour < config.notifications.digestHour) return 0;
  const date = local.toISODate() ?? '';
  let written = 0;
  for (const r of await recipientsOf(db, 'daily_digest', null)) {
    const desk = await deskSummary(db, await getUser(db, r.id), now, config);
    const params = {
      date: local.toFormat('d.M.yyyy'),
      requests: desk.awaitingDecision.total,
      copies: desk.copiesToDestroy.total,
      findings: desk.openFindings?.total ?? 0,
      late: desk.lateEntries.count,
      days: desk.lateEntries.days,
    };
    if (params.requests + params.copies + params.findings + params.late === 0) continue;
    written += await enqueueNotification(
      db,
      { kind: 'daily_digest', siteId: null, key: `daily_digest:${date}`, params, only: r.id },
      now,
    );
  }
  return written;
}
