import { sql } from 'kysely';
import type { Executor, NotificationOutboxTable } from '../../db/index.js';
import { isPostgres } from '../../db/index.js';

export type OutboxRow = NotificationOutboxTable;

/**
 * Claims up to `limit` due rows for `owner` until `leaseUntil`: with several instances, one
 * claims a row and the others skip it (PostgreSQL: rows locked by another claim are
 * skipped, and the update checks the lease again; SQLite: one writer at a time). A row
 * still leased by an owner whose lease ran out was left between sending and marking — its
 * outcome is unknown, so the attempt is counted as unconfirmed before it is sent again
 * under the same Message-ID.
 */
export async function claimDue(
  db: Executor,
  owner: string,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<OutboxRow[]> {
  const at = now.toISOString();
  const due = db
    .selectFrom('notification_outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
    .orderBy('next_attempt_at')
    .limit(limit);
  return db
    .updateTable('notification_outbox')
    .set({
      lease_owner: owner,
      lease_until: leaseUntil.toISOString(),
      attempts: sql`attempts + 1`,
      unconfirmed: sql`unconfirmed + case when lease_owner is null then 0 else 1 end`,
    })
    .where('id', 'in', isPostgres(db) ? due.forUpdate().skipLocked() : due)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
    .returningAll()
    .execute();
}

/** The relay took the mail. Only the owner of the lease marks it. */
export async function markSent(db: Executor, row: OutboxRow, now: Date): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set({
      status: 'sent',
      sent_at: now.toISOString(),
      lease_owner: null,
      lease_until: null,
      last_error: null,
    })
    .where('id', '=', row.id)
    .where('lease_owner', '=', row.lease_owner)
    .execute();
}

/** No longer true when its turn came (a request decided, a copy destroyed): not sent. */
export async function markObsolete(db: Executor, row: OutboxRow): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set({ status: 'obsolete', lease_owner: null, lease_until: null })
    .where('id', '=', row.id)
    .where('lease_owner', '=', row.lease_owner)
    .execute();
}

/** Waits before the next attempt: 30 s, 1 min, 2 min … at most an hour. */
function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * The attempt failed (the relay down or refusing): tried again after a growing wait, or
 * marked failed after `maxAttempts`.
 */
export async function markAttemptFailed(
  db: Executor,
  row: OutboxRow,
  error: string,
  now: Date,
  maxAttempts: number,
): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set({
      status: row.attempts >= maxAttempts ? 'failed' : 'pending',
      next_attempt_at: new Date(now.getTime() + backoffMs(row.attempts)).toISOString(),
      lease_owner: null,
      lease_until: null,
      last_error: error.slice(0, 500),
    })
    .where('id', '=', row.id)
    .where('lease_owner', '=', row.lease_owner)
    .execute();
}
