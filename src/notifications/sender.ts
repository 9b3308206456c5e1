import { createHash } from 'node:crypto';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { NotificationConfig } from '../config.js';
import type { Executor } from '../db/index.js';
import { copyUndestroyed, requestUndecided } from '../requests/index.js';
import { composeMail } from './compose.js';
import {
  claimDue,
  markAttemptFailed,
  markObsolete,
  markSent,
  type NotificationKind,
  notificationKindSchema,
  type OutboxRow,
} from './outbox/index.js';

/** What the sender needs of a mail transport: nodemailer's `sendMail`. */
export interface MailTransport {
  sendMail(mail: SendMailOptions): Promise<unknown>;
}

/**
 * The operator's mail relay (R12: the only outside connection besides the identity
 * provider). STARTTLS is required unless turned off; short timeouts, so a relay that hangs
 * costs an attempt, not the worker.
 */
export function createMailTransport(smtp: NonNullable<NotificationConfig['smtp']>): MailTransport {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    requireTLS: smtp.startTls,
    ignoreTLS: !smtp.startTls,
    ...(smtp.auth ? { auth: smtp.auth } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}

/**
 * The Message-ID of a notification: the same for every attempt, so a mail handed to the
 * relay twice (the sender stopped between sending and marking) is recognisable as one.
 */
export function messageIdOf(idempotencyKey: string, from: string): string {
  const domain = from.split('@').pop() || 'localhost';
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`;
}

export interface SendSettings {
  from: string;
  baseUrl: string;
  maxAttempts: number;
  /** How long a claim lasts; a claim older than this was lost and is sent again. */
  leaseMs: number;
  batchSize: number;
}

export interface SendResult {
  sent: number;
  failed: number;
  obsolete: number;
}

/** Still true when its turn came? A request decided or a copy destroyed meanwhile needs no alert. */
async function stillHolds(db: Executor, kind: NotificationKind, params: Record<string, unknown>) {
  if (kind === 'copy_overdue') return copyUndestroyed(db, String(params.copyId));
  if (kind.startsWith('request_')) return requestUndecided(db, String(params.requestId));
  return true;
}

/**
 * Hands one claimed row to the relay, unless it no longer holds or its person has no address
 * (then `obsolete`). The caller marks the row; between the two the outcome is unknown.
 */
export async function deliverClaimed(
  db: Executor,
  transport: MailTransport,
  row: OutboxRow,
  s: SendSettings,
): Promise<'sent' | 'obsolete'> {
  const kind = notificationKindSchema.parse(row.kind);
  const params = JSON.parse(row.params) as Record<string, string | number>;
  const user = await db
    .selectFrom('users')
    .select(['email', 'language', 'disabled'])
    .where('id', '=', row.user_id)
    .executeTakeFirst();
  if (!user?.email || user.disabled === 1 || !(await stillHolds(db, kind, params))) return 'obsolete';
  const site = row.site_id
    ? await db.selectFrom('sites').select('name').where('id', '=', row.site_id).executeTakeFirst()
    : undefined;
  const mail = composeMail(kind, params, {
    language: user.language,
    siteName: site?.name ?? null,
    baseUrl: s.baseUrl,
  });
  await transport.sendMail({
    from: s.from,
    to: user.email,
    subject: mail.subject,
    text: mail.text,
    messageId: messageIdOf(row.idempotency_key, s.from),
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return 'sent';
}

/**
 * Sends what is due in the outbox, claimed for `owner` so that of several instances one
 * sends each row. Each row is marked after the relay took it; a failure waits longer each
 * time and is marked failed after `maxAttempts`.
 */
export async function sendDue(
  db: Executor,
  transport: MailTransport,
  s: SendSettings,
  clock: () => Date,
  owner: string,
): Promise<SendResult> {
  const result: SendResult = { sent: 0, failed: 0, obsolete: 0 };
  for (;;) {
    const now = clock();
    const rows = await claimDue(db, owner, now, new Date(now.getTime() + s.leaseMs), s.batchSize);
    if (rows.length === 0) return result;
    for (const row of rows) {
      try {
        const outcome = await deliverClaimed(db, transport, row, s);
        if (outcome === 'sent') await markSent(db, row, clock());
        else await markObsolete(db, row);
        result[outcome] += 1;
      } catch (err) {
        await markAttemptFailed(
          db,
          row,
          err instanceof Error ? err.message : String(err),
          clock(),
          s.maxAttempts,
        );
        result.failed += 1;
      }
    }
    if (rows.length < s.batchSize) return result;
  }
}
