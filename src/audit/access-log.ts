import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../db/index.js';

/**
 * R10: the service's own access log. Every read and change of personal data and every
 * login attempt gets one row: who, what, when, from where, outcome. The table refuses
 * UPDATE and DELETE in the database itself (migrations/append-only.ts).
 */
export interface AccessEvent {
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  ip: string | null;
  outcome: 'success' | 'denied' | 'failed';
  status: number;
  requestId?: string | null;
  detail?: Record<string, unknown> | null;
}

/** What a client sent is logged as sent, except U+0000, which PostgreSQL text cannot hold. */
const storable = (v: string | null | undefined) => (v == null ? null : v.replaceAll('\u0000', '\uFFFD'));

export async function recordAccess(db: Executor, event: AccessEvent, now: Date): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      at: now.toISOString(),
      actor_id: event.actorId,
      actor_username: storable(event.actorUsername),
      action: event.action,
      target_type: event.targetType ?? null,
      target_id: storable(event.targetId),
      ip: event.ip,
      outcome: event.outcome,
      status: event.status,
      request_id: event.requestId ?? null,
      detail: event.detail ? JSON.stringify(event.detail) : null,
    })
    .execute();
}

export interface AccessLogFilter {
  actorId?: string | undefined;
  action?: string | undefined;
  targetId?: string | undefined;
  outcome?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Cursor: return rows with id below this (newest first). */
  before?: number | undefined;
  limit: number;
}

/** R10: one row of the access log as auditors read it. */
export const accessLogRowSchema = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  outcome: z.string(),
  status: z.number(),
  requestId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AccessLogRow = z.output<typeof accessLogRowSchema>;

export async function listAccess(
  db: Executor,
  f: AccessLogFilter,
): Promise<{ items: AccessLogRow[]; nextCursor: string | null }> {
  let q = db.selectFrom('audit_events').selectAll();
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.before !== undefined) q = q.where('id', '<', f.before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorUsername: r.actor_username,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      ip: r.ip,
      outcome: r.outcome,
      status: r.status,
      requestId: r.request_id,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    })),
    nextCursor: rows.length > f.limit ? String(page[page.length - 1]?.id) : null,
  };
}

export async function countAccess(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('audit_events')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}
