import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/index.js';
import type { NotificationKind } from './kinds.js';
import { recipientsOf } from './recipients.js';

/** Counts, hours and ids only: a notification never carries a data subject's data or ledger text. */
export type NotificationParams = Readonly<Record<string, string | number>>;

export interface NewNotification {
  kind: NotificationKind;
  /** The site it is about; null: the service as a whole. */
  siteId: string | null;
  /** Names the event once, e.g. `request_footage_24h:<request id>`; the recipient's id is added. */
  key: string;
  params: NotificationParams;
  /** Only to this person (a digest of their own), if they are of the audience. */
  only?: string;
  /** Not sent before this time: an alert written with its event, for when it falls due. */
  notBefore?: Date;
}

/**
 * Writes one outbox row per recipient, in the caller's transaction when there is one, so the
 * notification commits with the event that causes it (or not at all). A row whose key is
 * there already is skipped: writing the same notification twice adds nothing. Returns the
 * rows written.
 */
export async function enqueueNotification(db: Executor, n: NewNotification, now: Date): Promise<number> {
  const recipients = (await recipientsOf(db, n.kind, n.siteId)).filter(
    (r) => n.only === undefined || r.id === n.only,
  );
  if (recipients.length === 0) return 0;
  const at = now.toISOString();
  const due = n.notBefore && n.notBefore > now ? n.notBefore.toISOString() : at;
  const result = await db
    .insertInto('notification_outbox')
    .values(
      recipients.map((r) => ({
        id: randomUUID(),
        idempotency_key: `${n.key}:${r.id}`,
        kind: n.kind,
        user_id: r.id,
        site_id: n.siteId,
        params: JSON.stringify(n.params),
        created_at: at,
        status: 'pending' as const,
        attempts: 0,
        unconfirmed: 0,
        next_attempt_at: due,
        lease_owner: null,
        lease_until: null,
        sent_at: null,
        last_error: null,
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
