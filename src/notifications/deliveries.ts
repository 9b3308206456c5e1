import { z } from 'zod';
import type { Executor } from '../db/index.js';
import { notificationKindSchema } from './outbox/index.js';
import { messageIdOf } from './sender.js';

const statusSchema = z.enum(['pending', 'sent', 'failed', 'obsolete']);

/** One notification to one person as admins see it: what, to whom, and how its delivery went. */
export const notificationDeliverySchema = z.object({
  id: z.string(),
  kind: notificationKindSchema,
  userId: z.string(),
  siteId: z.string().nullable(),
  status: statusSchema.describe('obsolete: no longer true when its turn came, or the person has no address'),
  attempts: z.number(),
  unconfirmed: z
    .number()
    .describe(
      'attempts whose outcome is unknown (stopped between sending and marking); the mail may have gone twice, under one Message-ID',
    ),
  messageId: z.string(),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type NotificationDelivery = z.output<typeof notificationDeliverySchema>;

export const deliveryQuerySchema = z.strictObject({
  status: statusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DeliveryQuery = z.output<typeof deliveryQuerySchema>;

/** The latest notifications, newest first, optionally of one status. */
export async function listDeliveries(
  db: Executor,
  q: DeliveryQuery,
  from: string,
): Promise<NotificationDelivery[]> {
  let query = db.selectFrom('notification_outbox').selectAll();
  if (q.status) query = query.where('status', '=', q.status);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: notificationKindSchema.parse(r.kind),
    userId: r.user_id,
    siteId: r.site_id,
    status: r.status,
    attempts: r.attempts,
    unconfirmed: r.unconfirmed,
    messageId: messageIdOf(r.idempotency_key, from),
    createdAt: r.created_at,
    nextAttemptAt: r.next_attempt_at,
    sentAt: r.sent_at,
    lastError: r.last_error,
  }));
}

/** How many notifications wait to be sent and how many were given up on: for the metrics. */
export async function outboxCounts(db: Executor): Promise<{ pending: number; failed: number }> {
  const rows = await db
    .selectFrom('notification_outbox')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('status', 'in', ['pending', 'failed'])
    .groupBy('status')
    .execute();
  const of = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { pending: of('pending'), failed: of('failed') };
}
