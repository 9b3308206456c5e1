import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Database, Executor } from '../db/index.js';
import { hourMs, type RetentionSettings } from './settings.js';
import { type PurgeTarget, purgeTargets } from './targets.js';
import { type DeletedRow, writeTombstone } from './tombstones.js';

/**
 * PostgreSQL advisory lock key of the purge ("cctv" + "R1"): one instance purges at a time;
 * another one's try fails and its pass stops instead of waiting or deleting twice.
 */
export const purgeLockKey = 0x6363_7476_5231;

export type PassOutcome = 'completed' | 'skipped' | 'interrupted' | 'failed';

export interface PassResult {
  passId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** `skipped`: another instance was purging, so this one stopped (PostgreSQL). */
  outcome: PassOutcome;
  deleted: Record<string, number>;
  total: number;
  /** Transactions that deleted (each left one tombstone) or found nothing left to delete. */
  batches: number;
  tombstones: number;
  errors: { kind: string; message: string }[];
}

export interface PurgeOptions {
  /** The clock, injected so tests can stand on any instant; read at the start of every batch. */
  clock: () => Date;
  /** Aborted between batches: the pass stops there, every finished batch stays committed. */
  signal?: AbortSignal | undefined;
  /** Runs between batches; by default yields to the event loop so requests get served. */
  betweenBatches?: () => Promise<void>;
  /** Targets instead of the configured ones (tests). */
  targets?: readonly PurgeTarget[];
}

/** Where the pass stands in one target's time column. */
interface Cursor {
  target: PurgeTarget;
  /**
   * The last time the previous batch deleted up to: the next one starts after it in the
   * index, so it does not walk over the entries earlier batches deleted (on PostgreSQL they
   * stay in the index, dead, until vacuum). Nothing can be added behind it: the ingest
   * refuses what is already past its expiry, and new access-log rows are timed now.
   */
  after: string | undefined;
  done: boolean;
}

class TargetFailed extends Error {
  constructor(
    readonly kind: string,
    cause: unknown,
    /** The count and the delete disagreed: worth another try in the next transaction. */
    readonly retry = false,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

const maxRetries = 3;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One purge pass (R1, R10): deletes, oldest first, every row of every target whose time is
 * at or before its cutoff, in transactions of `batchSize` rows (and those sharing the last
 * one's time) taken from the targets in turn; each transaction leaves one tombstone with its
 * chain event. In steady state a pass is one transaction and one tombstone. Idempotent: a
 * second pass over the same data deletes nothing. After a completed pass no row is older
 * than its expiry.
 */
export async function runPurgePass(
  database: Database,
  s: RetentionSettings,
  o: PurgeOptions,
): Promise<PassResult> {
  const passId = randomUUID();
  const startedAt = o.clock();
  const t0 = performance.now();
  const deleted: Record<string, number> = {};
  const errors: PassResult['errors'] = [];
  let outcome: PassOutcome = 'completed';
  let batches = 0;
  let tombstones = 0;
  let retries = 0;
  const cursors: Cursor[] = (o.targets ?? purgeTargets(s))
    .filter((target) => target.retentionHours !== null)
    .map((target) => ({ target, after: undefined, done: false }));
  for (const c of cursors) deleted[c.target.kind] = 0;

  for (;;) {
    if (cursors.every((c) => c.done)) break;
    if (o.signal?.aborted) {
      outcome = 'interrupted';
      break;
    }
    let batch: BatchResult;
    try {
      batch = await purgeBatch(database, cursors, s.batchSize, passId, o.clock());
    } catch (err) {
      // The transaction rolled back. A target failing (e.g. a database guard refusing) is
      // left for this pass and the other targets go on in the next transaction.
      if (err instanceof TargetFailed && err.retry && ++retries <= maxRetries) continue;
      const kind = err instanceof TargetFailed ? err.kind : 'purge';
      errors.push({ kind, message: err instanceof Error ? err.message : String(err) });
      if (!(err instanceof TargetFailed)) break;
      for (const c of cursors) if (c.target.kind === kind) c.done = true;
      continue;
    }
    if (batch === 'locked') {
      outcome = 'skipped';
      break;
    }
    batches += 1;
    tombstones += batch.tombstone ? 1 : 0;
    for (const [i, c] of cursors.entries()) {
      const moved = batch.cursors[i];
      if (!moved) continue;
      deleted[c.target.kind] = (deleted[c.target.kind] ?? 0) + moved.deleted;
      c.after = moved.after ?? c.after;
      c.done = moved.done;
    }
    if (cursors.every((c) => c.done)) break;
    await (o.betweenBatches ?? yieldToEventLoop)();
  }
  if (errors.length > 0 && outcome === 'completed') outcome = 'failed';

  const total = Object.values(deleted).reduce((a, b) => a + b, 0);
  const result: PassResult = {
    passId,
    startedAt: startedAt.toISOString(),
    finishedAt: o.clock().toISOString(),
    durationMs: Math.round(performance.now() - t0),
    outcome,
    deleted,
    total,
    batches,
    tombstones,
    errors,
  };
  if (outcome !== 'skipped' || total > 0) await recordPass(database.db, result);
  return result;
}

type Moved = { deleted: number; after: string | undefined; done: boolean };
type BatchResult = { tombstone: boolean; cursors: (Moved | undefined)[] } | 'locked';

/**
 * One transaction: up to `limit` rows from the targets not done yet, in order, and their
 * tombstone. The cursors move only if it commits (the caller applies what it returns).
 */
async function purgeBatch(
  database: Database,
  cursors: readonly Cursor[],
  limit: number,
  passId: string,
  now: Date,
): Promise<BatchResult> {
  // R1: a pass deletes, so it takes SQLite's write lock at once (src/db/sqlite-dialect.ts).
  const writing = database.db.transaction().setAccessMode('read write');
  return writing.execute(async (tx) => {
    if (database.dialect === 'postgres') {
      const lock = await sql<{
        ok: boolean;
      }>`select pg_try_advisory_xact_lock(${sql.lit(purgeLockKey)}) as ok`.execute(tx);
      if (!lock.rows[0]?.ok) return 'locked' as const;
    } else {
      // Take SQLite's write lock first: a transaction that reads before it writes fails at
      // once (SQLITE_BUSY_SNAPSHOT) when another process wrote in between, instead of waiting.
      await sql`update retention_state set id = id where id = 0`.execute(tx);
    }
    const moved: (Moved | undefined)[] = [];
    const deleted: DeletedRow[] = [];
    let used = 0;
    for (const c of cursors) {
      const budget = limit - used;
      if (c.done || budget <= 0) {
        moved.push(undefined);
        continue;
      }
      const cutoff = new Date(now.getTime() - (c.target.retentionHours ?? 0) * hourMs).toISOString();
      try {
        await c.target.beforeBatch?.(tx);
        const q = purgeStatements(c.target, { after: c.after, cutoff, limit: budget });
        // The time of the budget-th row: this batch deletes up to it (and the rows sharing
        // it); none means fewer rows are left than the budget, and the target is done.
        const boundary = (await q.boundary.execute(tx)).rows[0]?.t;
        const upTo = boundary ?? cutoff;
        const groups = (await q.summary(upTo).execute(tx)).rows.filter((g) => g.row_count > 0);
        const counted = groups.reduce((n, g) => n + g.row_count, 0);
        const items = groups.reduce((n, g) => n + g.n, 0);
        const result = await q.remove(upTo).execute(tx);
        if (Number(result.numAffectedRows ?? 0) !== counted) {
          // A row arrived between the count and the delete (another instance's clock ahead):
          // roll back; the next batch counts again.
          const message = `deleted ${result.numAffectedRows} rows, counted ${counted}`;
          throw new TargetFailed(c.target.kind, new Error(message), true);
        }
        for (const g of groups) {
          deleted.push({
            kind: c.target.kind,
            camera_id: g.camera_id,
            site_id: g.site_id,
            count: g.n,
            period_from: g.period_from,
            period_to: g.period_to,
          });
        }
        used += counted;
        moved.push({ deleted: items, after: counted > 0 ? upTo : c.after, done: boundary === undefined });
      } catch (err) {
        throw err instanceof TargetFailed ? err : new TargetFailed(c.target.kind, err);
      }
    }
    if (deleted.length > 0) await writeTombstone(tx, deleted, passId, now);
    return { tombstone: deleted.length > 0, cursors: moved };
  });
}

interface SummaryRow {
  camera_id: string | null;
  site_id: string | null;
  /** Items (see `PurgeTarget.countColumn`) and rows. */
  n: number;
  row_count: number;
  period_from: string;
  period_to: string;
}

/**
 * The three statements of a batch for one target, all on one range of its time column
 * (after the previous batch, up to the cutoff): the boundary of this batch, the counts per
 * camera or site for the tombstone, and the delete. A range, not a list of row ids: the
 * delete walks the time column's index in order and nothing comes back to the service but
 * a few counts (tests/retention/purge-sql.test.ts shows the SQL, per dialect, for review).
 */
export function purgeStatements(
  t: PurgeTarget,
  r: { after: string | undefined; cutoff: string; limit: number },
) {
  const table = sql.table(t.table);
  const time = sql.ref(t.timeColumn);
  const [from, to] = t.periodColumns ?? [t.timeColumn, t.timeColumn];
  const camera = t.cameraColumn ? sql.ref(t.cameraColumn) : sql`null`;
  const site = t.siteColumn ? sql.ref(t.siteColumn) : sql`null`;
  const groupColumns = [t.cameraColumn, t.siteColumn]
    .filter((c): c is string => c !== undefined)
    .map((c) => sql.ref(c));
  const items = t.countColumn ? sql`sum(${sql.ref(t.countColumn)})` : sql`count(*)`;
  const groupBy = groupColumns.length > 0 ? sql` group by ${sql.join(groupColumns)}` : sql``;
  const range = (upTo: string) =>
    r.after === undefined ? sql`${time} <= ${upTo}` : sql`${time} > ${r.after} and ${time} <= ${upTo}`;
  return {
    boundary: sql<{
      t: string;
    }>`select ${time} as t from ${table} where ${range(r.cutoff)} order by ${time} limit 1 offset ${r.limit - 1}`,
    summary: (upTo: string) =>
      sql<SummaryRow>`select ${camera} as camera_id, ${site} as site_id, ${items} as n, count(*) as row_count, min(${sql.ref(from)}) as period_from, max(${sql.ref(to)}) as period_to from ${table} where ${range(upTo)}${groupBy}`,
    remove: (upTo: string) => sql`delete from ${table} where ${range(upTo)}`,
  };
}

async function recordPass(db: Executor, r: PassResult) {
  await db
    .updateTable('retention_state')
    .set({
      pass_id: r.passId,
      started_at: r.startedAt,
      finished_at: r.finishedAt,
      duration_ms: r.durationMs,
      deleted: r.total,
      counts: JSON.stringify(r.deleted),
      outcome: r.outcome,
    })
    .where('id', '=', 1)
    .execute();
}
