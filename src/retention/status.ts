import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../db/index.js';
import { hourMs, overdueAfterMs, type RetentionSettings } from './settings.js';
import { type PurgeTarget, purgeTargets, recordingKinds } from './targets.js';

const kindStatusSchema = z.object({
  kind: z.string(),
  retentionHours: z
    .number()
    .nullable()
    .describe(
      'hours kept after each item’s own time (a segment’s end), under the setting in force (R1); null: kept',
    ),
  /** The earliest expiry of anything held of this kind (past or future). */
  oldestExpiry: z.string().nullable(),
  /** The earliest expiry still to come. */
  nextExpiry: z.string().nullable(),
  /** Rows at or past their expiry: 0 after every completed pass. */
  pastExpiry: z.number(),
});
export type KindStatus = z.output<typeof kindStatusSchema>;

const lastPassSchema = z.object({
  passId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  deleted: z.number(),
  counts: z.record(z.string(), z.number()),
  outcome: z.string(),
});
export type LastPass = z.output<typeof lastPassSchema>;

/** R1 at a glance: what expires when, what is overdue, and how the last purge pass went. */
export const retentionStatusSchema = z.object({
  now: z.string(),
  retentionHours: z.number(),
  purgeIntervalSeconds: z.number(),
  /** The recording item (segment, card or plate read) held longest: its kind and expiry. */
  oldestLiveItem: z.object({ kind: z.string(), expiresAt: z.string() }).nullable(),
  /** When the next recording item expires. */
  nextExpiry: z.string().nullable(),
  pastExpiry: z.number().describe('items past their expiry; R1 holds when 0'),
  lastPass: lastPassSchema.nullable(),
  kinds: z.array(kindStatusSchema),
});
export type RetentionStatus = z.output<typeof retentionStatusSchema>;

const iso = (ms: number) => new Date(ms).toISOString();

async function kindStatus(db: Executor, t: PurgeTarget, now: Date): Promise<KindStatus> {
  const table = sql.table(t.table);
  const time = sql.ref(t.timeColumn);
  if (t.retentionHours === null) {
    return { kind: t.kind, retentionHours: null, oldestExpiry: null, nextExpiry: null, pastExpiry: 0 };
  }
  const offsetMs = t.retentionHours * hourMs;
  const items = t.countColumn ? sql`coalesce(sum(${sql.ref(t.countColumn)}), 0)` : sql`count(*)`;
  const cutoff = iso(now.getTime() - offsetMs);
  // Three reads of the time column's index: its first entry, the first after the cutoff,
  // and the count up to the cutoff (0 in steady state, so cheap).
  const { rows } = await sql<{ oldest: string | null; next: string | null; past: number }>`
    select (select min(${time}) from ${table}) as oldest,
           (select min(${time}) from ${table} where ${time} > ${cutoff}) as next,
           (select ${items} from ${table} where ${time} <= ${cutoff}) as past`.execute(db);
  const r = rows[0];
  const shift = (t: string | null | undefined) => (t ? iso(Date.parse(t) + offsetMs) : null);
  return {
    kind: t.kind,
    retentionHours: t.retentionHours,
    oldestExpiry: shift(r?.oldest),
    nextExpiry: shift(r?.next),
    pastExpiry: r?.past ?? 0,
  };
}

const earliest = (values: (string | null)[]) =>
  values.filter((v): v is string => v !== null).sort()[0] ?? null;

/** `GET /api/v1/retention/status`: R1 at a glance, no personal data (admins see it too). */
export async function retentionStatus(
  db: Executor,
  s: RetentionSettings,
  now: Date,
): Promise<RetentionStatus> {
  const kinds: KindStatus[] = [];
  for (const t of purgeTargets(s)) kinds.push(await kindStatus(db, t, now));
  const recordings = kinds.filter((k) => (recordingKinds as readonly string[]).includes(k.kind));
  const oldest = recordings
    .filter((k) => k.oldestExpiry !== null)
    .sort((a, b) => (a.oldestExpiry ?? '').localeCompare(b.oldestExpiry ?? ''))[0];
  const state = await db.selectFrom('retention_state').selectAll().where('id', '=', 1).executeTakeFirst();
  return {
    now: now.toISOString(),
    retentionHours: s.recordingHours,
    purgeIntervalSeconds: s.purgeIntervalSeconds,
    oldestLiveItem: oldest?.oldestExpiry ? { kind: oldest.kind, expiresAt: oldest.oldestExpiry } : null,
    nextExpiry: earliest(recordings.map((k) => k.nextExpiry)),
    pastExpiry: kinds.reduce((n, k) => n + k.pastExpiry, 0),
    lastPass:
      state?.pass_id && state.started_at && state.finished_at
        ? {
            passId: state.pass_id,
            startedAt: state.started_at,
            finishedAt: state.finished_at,
            durationMs: state.duration_ms ?? 0,
            deleted: state.deleted ?? 0,
            counts: state.counts ? (JSON.parse(state.counts) as Record<string, number>) : {},
            outcome: state.outcome ?? 'completed',
          }
        : null,
    kinds,
  };
}

/** R1: how long the item longest past its expiry has waited for the purge, in ms (0: none waits). */
export function longestPastExpiryMs(status: RetentionStatus, now: Date): number {
  const waits = status.kinds
    .filter((k) => k.pastExpiry > 0 && k.oldestExpiry !== null)
    .map((k) => now.getTime() - Date.parse(k.oldestExpiry ?? ''));
  return Math.max(0, ...waits);
}

/**
 * `/ready`: the kinds holding rows more than two purge intervals past their expiry — the
 * purge is not keeping up, or not running. One indexed probe per kind.
 */
export async function overdueKinds(db: Executor, s: RetentionSettings, now: Date): Promise<string[]> {
  const overdue: string[] = [];
  for (const t of purgeTargets(s)) {
    if (t.retentionHours === null) continue;
    const cutoff = iso(now.getTime() - t.retentionHours * hourMs - overdueAfterMs(s));
    const { rows } = await sql<{ one: number }>`select 1 as one from ${sql.table(t.table)}
      where ${sql.ref(t.timeColumn)} <= ${cutoff} limit 1`.execute(db);
    if (rows.length > 0) overdue.push(t.kind);
  }
  return overdue;
}
