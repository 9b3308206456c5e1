import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { DB, Executor, RetentionTombstonesTable } from '../db/index.js';
import { recordLedgerRow } from '../protocol/index.js';

/** What the purge keeps of the rows it deleted, per kind and camera (or site): count, period. */
export interface DeletedRow {
  kind: string;
  camera_id: string | null;
  /** Of rows that name a site but no camera (imported camera-system events). */
  site_id: string | null;
  count: number;
  period_from: string;
  period_to: string;
}

const countsSchema = z
  .record(z.string(), z.number())
  .describe('rows by kind: segment, card_read, plate_read, access_log');

const tombstoneCameraSchema = z.object({
  /** Null for data of no camera: the access log (no site either), imported VMS events (per site). */
  cameraId: z.string().nullable(),
  siteId: z.string().nullable(),
  counts: countsSchema,
  from: z.string(),
  to: z.string(),
});
export type TombstoneCamera = z.output<typeof tombstoneCameraSchema>;

/** R1 evidence of one purge transaction: counts and periods, no personal data. */
export const tombstoneSchema = z.object({
  id: z.string(),
  seq: z.number(),
  passId: z.string(),
  purgedAt: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  itemCount: z.number(),
  counts: countsSchema,
  cameras: z.array(tombstoneCameraSchema),
});
export type Tombstone = z.output<typeof tombstoneSchema>;

/** The period the entries cover together (ISO UTC text compares in time order). */
function span(entries: readonly { from: string; to: string }[]): { from: string; to: string } {
  let from = entries[0]?.from ?? '';
  let to = entries[0]?.to ?? '';
  for (const e of entries) {
    if (e.from < from) from = e.from;
    if (e.to > to) to = e.to;
  }
  return { from, to };
}

function summarise(rows: readonly DeletedRow[]) {
  const counts: Record<string, number> = {};
  const cameras = new Map<string, TombstoneCamera>();
  for (const r of rows) {
    counts[r.kind] = (counts[r.kind] ?? 0) + r.count;
    const key = r.camera_id !== null ? `camera:${r.camera_id}` : `site:${r.site_id}`;
    const c = cameras.get(key);
    if (!c) {
      const entry = {
        cameraId: r.camera_id,
        siteId: r.site_id,
        counts: { [r.kind]: r.count },
        from: r.period_from,
        to: r.period_to,
      };
      cameras.set(key, entry);
      continue;
    }
    c.counts[r.kind] = (c.counts[r.kind] ?? 0) + r.count;
    if (r.period_from < c.from) c.from = r.period_from;
    if (r.period_to > c.to) c.to = r.period_to;
  }
  return { counts, cameras: [...cameras.values()] };
}

/**
 * R1: the tombstone of one purge transaction — counts by kind, and per camera its site,
 * counts by kind and the period covered — recorded by one `retention.purged` event on the
 * hash chain, in the transaction of the delete, so a pass killed mid-way leaves no deletion
 * without its tombstone. Nothing in it is personal data.
 */
export async function writeTombstone(
  tx: Transaction<DB>,
  rows: readonly DeletedRow[],
  passId: string,
  now: Date,
): Promise<void> {
  const { counts, cameras } = summarise(rows);
  const cameraIds = cameras.map((c) => c.cameraId).filter((id): id is string => id !== null);
  const siteOf = new Map<string, string>();
  if (cameraIds.length > 0) {
    const found = await tx
      .selectFrom('cameras')
      .select(['id', 'site_id'])
      .where('id', 'in', cameraIds)
      .execute();
    for (const c of found) siteOf.set(c.id, c.site_id);
  }
  const perCamera: TombstoneCamera[] = cameras
    .map((c) => ({ ...c, siteId: c.cameraId === null ? c.siteId : (siteOf.get(c.cameraId) ?? null) }))
    .sort((a, b) => `${a.cameraId}/${a.siteId}`.localeCompare(`${b.cameraId}/${b.siteId}`));
  const row: Omit<RetentionTombstonesTable, 'seq'> = {
    id: randomUUID(),
    pass_id: passId,
    purged_at: now.toISOString(),
    period_from: span(perCamera).from,
    period_to: span(perCamera).to,
    item_count: rows.reduce((n, r) => n + r.count, 0),
    counts: JSON.stringify(counts),
    cameras: JSON.stringify(perCamera),
  };
  const sites = new Set(perCamera.map((c) => c.siteId));
  await recordLedgerRow(
    tx,
    'retention_tombstones',
    {
      type: 'retention.purged',
      actorId: null,
      siteId: sites.size === 1 ? ([...sites][0] ?? null) : null,
      subjectId: row.id,
    },
    row,
    now,
  );
}

export interface TombstoneFilter {
  /** Sites whose cameras the reader may see; tombstones and camera entries of others are left out. */
  siteIds: readonly string[] | 'all';
  /** Purged at or after. */
  from?: string | undefined;
  /** Purged before. */
  to?: string | undefined;
  /** Cursor: tombstones with seq below this (newest first). */
  beforeSeq?: number | undefined;
  limit: number;
}

function toTombstone(r: RetentionTombstonesTable): Tombstone {
  return {
    id: r.id,
    seq: r.seq,
    passId: r.pass_id,
    purgedAt: r.purged_at,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    itemCount: r.item_count,
    counts: JSON.parse(r.counts) as Record<string, number>,
    cameras: JSON.parse(r.cameras) as TombstoneCamera[],
  };
}

/**
 * The tombstones, newest first. A reader scoped to some sites sees only their cameras'
 * entries, with the tombstone's totals recomputed from those.
 */
export async function listTombstones(
  db: Executor,
  f: TombstoneFilter,
): Promise<{ items: Tombstone[]; nextCursor: string | null }> {
  const items: Tombstone[] = [];
  let before = f.beforeSeq;
  for (;;) {
    let q = db.selectFrom('retention_tombstones').selectAll();
    if (f.from) q = q.where('purged_at', '>=', f.from);
    if (f.to) q = q.where('purged_at', '<', f.to);
    if (before !== undefined) q = q.where('seq', '<', before);
    const rows = await q.orderBy('seq', 'desc').limit(500).execute();
    for (const r of rows) {
      const t = toTombstone(r);
      before = t.seq;
      const scoped = f.siteIds === 'all' ? t : scope(t, f.siteIds);
      if (scoped) items.push(scoped);
      if (items.length > f.limit) break;
    }
    if (items.length > f.limit || rows.length < 500) break;
  }
  const page = items.slice(0, f.limit);
  return { items: page, nextCursor: items.length > f.limit ? String(page[page.length - 1]?.seq) : null };
}

function scope(t: Tombstone, siteIds: readonly string[]): Tombstone | undefined {
  const cameras = t.cameras.filter((c) => c.siteId !== null && siteIds.includes(c.siteId));
  if (cameras.length === 0) return undefined;
  const counts: Record<string, number> = {};
  for (const c of cameras) for (const [k, n] of Object.entries(c.counts)) counts[k] = (counts[k] ?? 0) + n;
  return {
    ...t,
    periodFrom: span(cameras).from,
    periodTo: span(cameras).to,
    itemCount: Object.values(counts).reduce((a, b) => a + b, 0),
    counts,
    cameras,
  };
}
