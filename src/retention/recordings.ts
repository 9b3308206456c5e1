import { type ExpressionBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Principal } from '../auth/index.js';
import type { DB, Executor } from '../db/index.js';
import { notFound, refuse } from '../errors.js';
import { normaliseIdentifier, type RecordingItem, type RecordingSearch } from './schemas.js';
import { expiryOf, hourMs } from './settings.js';
import { type RecordingKind, recordingKinds } from './targets.js';

/** One row of the union of the three metadata tables, as the listing reads it. */
interface UnionRow {
  kind: string;
  camera_id: string;
  site_id: string;
  external_id: string;
  time: string;
  end_time: string;
  value: string;
  received_at: string;
}

/** An item as the API shows it, with its expiry under the retention in force (R1). */
export function toRecordingItem(r: UnionRow, recordingHours: number): RecordingItem {
  const base = {
    cameraId: r.camera_id,
    siteId: r.site_id,
    externalId: r.external_id,
    receivedAt: r.received_at,
    // A segment's end, a read's time: what the retention counts from.
    expiresAt: expiryOf(r.end_time, recordingHours).toISOString(),
  };
  if (r.kind === 'segment')
    return { kind: 'segment', ...base, start: r.time, end: r.end_time, imageRef: r.value };
  if (r.kind === 'card_read') return { kind: 'card_read', ...base, at: r.time, cardNumber: r.value };
  return { kind: 'plate_read', ...base, at: r.time, plate: r.value };
}

interface BranchFilter {
  siteIds: 'all' | readonly string[];
  cameraIds?: readonly string[] | undefined;
  /** Items whose time span reaches into [from, to). */
  from?: string | undefined;
  to?: string | undefined;
  /** Items whose time (a segment's end) is at or before this are past their expiry. */
  expiredUpTo: string;
}

/** Where each kind keeps its own columns; camera, id and when received they share. */
const columnsOf = {
  segment: { table: 'recording_segments', time: 'start_at', end: 'end_at', value: 'image_ref' },
  card_read: { table: 'recording_card_reads', time: 'at', end: 'at', value: 'card_number' },
  plate_read: { table: 'recording_plate_reads', time: 'at', end: 'at', value: 'plate' },
} as const satisfies Record<RecordingKind, { table: keyof DB; time: string; end: string; value: string }>;

/** The columns the three metadata tables share. */
interface ItemSource {
  camera_id: string;
  external_id: string;
  received_at: string;
}

/**
 * The items of one kind, in the union's columns. Only items within retention: a row past
 * its expiry that the purge has not reached yet is already gone as far as anyone reading
 * is concerned (R1).
 */
function branch(db: Executor, kind: RecordingKind, f: BranchFilter) {
  const k = columnsOf[kind];
  const own = (column: string) => sql.ref<string>(`r.${column}`);
  let q = db
    .selectFrom(sql<ItemSource>`${sql.table(k.table)}`.as('r'))
    .innerJoin('cameras as c', 'c.id', 'r.camera_id')
    .select([
      sql<string>`${sql.lit(kind)}`.as('kind'),
      'r.camera_id',
      'c.site_id',
      'r.external_id',
      own(k.time).as('time'),
      own(k.end).as('end_time'),
      own(k.value).as('value'),
      'r.received_at',
    ])
    .where(own(k.end), '>', f.expiredUpTo);
  if (f.siteIds !== 'all') q = q.where('c.site_id', 'in', f.siteIds.length > 0 ? f.siteIds : ['']);
  if (f.cameraIds) q = q.where('r.camera_id', 'in', f.cameraIds.length > 0 ? f.cameraIds : ['']);
  if (f.to) q = q.where(own(k.time), '<', f.to);
  if (f.from) q = q.where(own(k.end), '>=', f.from);
  return q;
}

/** R1: the latest item time that is past its expiry now, under the retention in force. */
const expiredUpTo = (now: Date, recordingHours: number) =>
  new Date(now.getTime() - recordingHours * hourMs).toISOString();

const cursorSchema = z.tuple([z.string(), z.enum(recordingKinds), z.string(), z.string()]);

function encodeCursor(r: UnionRow): string {
  return Buffer.from(JSON.stringify([r.time, r.kind, r.camera_id, r.external_id])).toString('base64url');
}

function decodeCursor(cursor: string) {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw refuse('bad_cursor', 'not a cursor this list returned', 'cursor');
  }
}

export interface RecordingFilter {
  kind?: RecordingKind | undefined;
  siteId?: string | undefined;
  cameraId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Sites whose recording metadata the principal may read: the auditor all, a responsible person theirs. */
export function recordingSites(p: Principal): 'all' | readonly string[] {
  if (p.roles.includes('auditor')) return 'all';
  return p.roles.includes('responsible') ? p.siteIds : [];
}

/**
 * `GET /api/v1/recordings`: the metadata held about the principal's sites, newest first,
 * filtered by camera, site, kind and period, with a keyset cursor (time, kind, camera, id).
 */
export async function listRecordings(
  db: Executor,
  p: Principal,
  f: RecordingFilter,
  now: Date,
  recordingHours: number,
): Promise<{ items: RecordingItem[]; nextCursor: string | null }> {
  const sites = recordingSites(p);
  if (f.siteId && sites !== 'all' && !sites.includes(f.siteId))
    throw refuse('site_not_yours', 'the site is not one of yours', 'siteId');
  if (f.cameraId) {
    const camera = await db
      .selectFrom('cameras')
      .select('site_id')
      .where('id', '=', f.cameraId)
      .executeTakeFirst();
    if (!camera) throw notFound('camera', 'cameraId');
    if (sites !== 'all' && !sites.includes(camera.site_id))
      throw refuse('site_not_yours', 'the camera is not at one of your sites', 'cameraId');
  }
  const filter: BranchFilter = {
    siteIds: f.siteId ? [f.siteId] : sites,
    cameraIds: f.cameraId ? [f.cameraId] : undefined,
    from: f.from,
    to: f.to,
    expiredUpTo: expiredUpTo(now, recordingHours),
  };
  const kinds = f.kind ? [f.kind] : recordingKinds;
  const branches = kinds.map((k) => branch(db, k, filter));
  let union = branches[0]!;
  for (const b of branches.slice(1)) union = union.unionAll(b);
  let q = db.selectFrom(union.as('u')).selectAll();
  if (f.cursor) {
    const [time, kind, cameraId, externalId] = decodeCursor(f.cursor);
    q = q.where((eb: ExpressionBuilder<{ u: UnionRow }, 'u'>) =>
      eb(
        eb.refTuple('time', 'kind', 'camera_id', 'external_id'),
        '<',
        eb.tuple(time, kind, cameraId, externalId),
      ),
    );
  }
  const rows = (await q
    .orderBy('time', 'desc')
    .orderBy('kind', 'desc')
    .orderBy('camera_id', 'desc')
    .orderBy('external_id', 'desc')
    .limit(f.limit + 1)
    .execute()) as UnionRow[];
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toRecordingItem(r, recordingHours)),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last) : null,
  };
}

export interface SearchQuery {
  card?: string | undefined;
  plate?: string | undefined;
  /** Segments of the read's camera within this many minutes of it are returned with it. */
  aroundMinutes: number;
}

export const searchLimit = 1000;

/**
 * R11: the data protection officer's search by library card number or registration number,
 * within retention: the matching reads, and the segments of the same camera around each.
 * The route records the search with its terms in the access log (R10).
 */
export async function searchRecordings(
  db: Executor,
  q: SearchQuery,
  now: Date,
  recordingHours: number,
): Promise<RecordingSearch> {
  const cutoff = expiredUpTo(now, recordingHours);
  const kind: RecordingKind = q.card !== undefined ? 'card_read' : 'plate_read';
  const term = normaliseIdentifier(q.card ?? q.plate ?? '');
  const readRows = (await branch(db, kind, { siteIds: 'all', expiredUpTo: cutoff })
    .where(sql.ref(`r.${columnsOf[kind].value}`), '=', term)
    .orderBy('time')
    .orderBy('r.camera_id')
    .limit(searchLimit + 1)
    .execute()) as UnionRow[];
  const truncated = readRows.length > searchLimit;
  const reads = readRows.slice(0, searchLimit);
  const aroundMs = q.aroundMinutes * 60_000;
  const windows = new Map<string, { from: number; to: number }[]>();
  for (const r of reads) {
    const t = Date.parse(r.time);
    const list = windows.get(r.camera_id) ?? [];
    list.push({ from: t - aroundMs, to: t + aroundMs });
    windows.set(r.camera_id, list);
  }
  const segments: UnionRow[] = [];
  for (const [cameraId, list] of windows) {
    const from = new Date(Math.min(...list.map((w) => w.from))).toISOString();
    const to = new Date(Math.max(...list.map((w) => w.to))).toISOString();
    const rows = (await branch(db, 'segment', {
      siteIds: 'all',
      cameraIds: [cameraId],
      from,
      to,
      expiredUpTo: cutoff,
    })
      .orderBy('time')
      .execute()) as UnionRow[];
    for (const s of rows) {
      const start = Date.parse(s.time);
      const end = Date.parse(s.end_time);
      if (list.some((w) => start <= w.to && end >= w.from)) segments.push(s);
    }
  }
  segments.sort((a, b) => a.time.localeCompare(b.time) || a.camera_id.localeCompare(b.camera_id));
  const item = (r: UnionRow) => toRecordingItem(r, recordingHours);
  return { reads: reads.map(item), segments: segments.map(item), truncated };
}
