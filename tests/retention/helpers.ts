import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { connect, type Database, migrateToLatest } from '../../src/db/index.js';
import type { RecordingKind } from '../../src/retention/index.js';
import { call, type TestApp } from '../helpers/app.js';
import type { TestDatabase } from '../helpers/database.js';

export const hour = 3_600_000;

export interface RecordingFixture {
  siteId: string;
  cameraIds: string[];
  integration: { id: string; token: string };
  responsible: { id: string; token: string };
  auditor: { id: string; token: string };
}

/** A site with two cameras, the camera system's account, a responsible person and an auditor. */
export async function recordingFixture(t: TestApp): Promise<RecordingFixture> {
  const siteId = await t.site();
  const cameraIds = [await t.camera(siteId), await t.camera(siteId)];
  return {
    siteId,
    cameraIds,
    integration: await t.user(['integration']),
    responsible: await t.user(['responsible'], [siteId]),
    auditor: await t.user(['auditor']),
  };
}

export const ingest = (t: TestApp, token: string, body: unknown) =>
  call(t, token, 'POST', '/api/v1/recordings', body);

let counter = 0;
export const externalId = (prefix = 'x') =>
  `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export interface SeedOptions {
  kind: RecordingKind;
  cameraIds: readonly string[];
  count: number;
  /** Expiries spread evenly over [from, to]. */
  expiresFrom: Date;
  expiresTo: Date;
  prefix?: string;
}

/**
 * Writes items straight into the tables, for tests that need thousands (the API takes 1,000
 * a request). Times follow the expiry at 336 h, as the ingest would have set them.
 */
export async function seedItems(database: Pick<Database, 'db'>, o: SeedOptions): Promise<number> {
  const span = o.expiresTo.getTime() - o.expiresFrom.getTime();
  const prefix = o.prefix ?? externalId(o.kind);
  const chunk = 500;
  for (let i = 0; i < o.count; i += chunk) {
    const rows = [];
    for (let j = i; j < Math.min(o.count, i + chunk); j++) {
      const expires = new Date(
        o.expiresFrom.getTime() + (o.count > 1 ? Math.floor((span * j) / (o.count - 1)) : 0),
      );
      const at = new Date(expires.getTime() - 336 * hour).toISOString();
      rows.push({
        camera_id: o.cameraIds[j % o.cameraIds.length]!,
        external_id: `${prefix}-${j}`,
        at,
        received_at: at,
      });
    }
    if (o.kind === 'segment') {
      await database.db
        .insertInto('recording_segments')
        .values(
          rows.map((r) => ({
            camera_id: r.camera_id,
            external_id: r.external_id,
            start_at: new Date(Date.parse(r.at) - 60_000).toISOString(),
            end_at: r.at,
            image_ref: `vms://clip/${r.external_id}`,
            received_at: r.received_at,
          })),
        )
        .execute();
    } else if (o.kind === 'card_read') {
      await database.db
        .insertInto('recording_card_reads')
        .values(rows.map((r) => ({ ...r, card_number: `2000${String(i).padStart(6, '0')}` })))
        .execute();
    } else {
      await database.db
        .insertInto('recording_plate_reads')
        .values(rows.map((r) => ({ ...r, plate: 'ABC123' })))
        .execute();
    }
  }
  return o.count;
}

const tables = ['recording_segments', 'recording_card_reads', 'recording_plate_reads'] as const;
/** The time each table's retention counts from (migrations/0013). */
const timeColumn = {
  recording_segments: 'end_at',
  recording_card_reads: 'at',
  recording_plate_reads: 'at',
} as const;

/** Counts of the metadata held: all, and at or past `now`'s expiry under `hours` of retention. */
export async function counts(database: Pick<Database, 'db'>, now: Date, hours = 336) {
  let all = 0;
  let expired = 0;
  const cutoff = new Date(now.getTime() - hours * hour).toISOString();
  for (const table of tables) {
    const r = await sql<{ all: number; expired: number }>`
      select count(*) as "all",
             coalesce(sum(case when ${sql.ref(timeColumn[table])} <= ${cutoff} then 1 else 0 end), 0) as expired
      from ${sql.table(table)}`.execute(database.db);
    all += r.rows[0]?.all ?? 0;
    expired += r.rows[0]?.expired ?? 0;
  }
  return { all, expired };
}

/** Sum of the tombstones' counts, by kind. */
export async function tombstoneTotals(database: Pick<Database, 'db'>): Promise<Record<string, number>> {
  const rows = await database.db
    .selectFrom('retention_tombstones')
    .select(['counts', 'cameras', 'item_count'])
    .execute();
  const totals: Record<string, number> = {};
  for (const r of rows) {
    const counts = JSON.parse(r.counts) as Record<string, number>;
    const cameras = JSON.parse(r.cameras) as { counts: Record<string, number> }[];
    // The totals and the per-camera counts of each tombstone agree.
    const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    if (sum(counts) !== r.item_count || cameras.reduce((n, c) => n + sum(c.counts), 0) !== r.item_count) {
      throw new Error(`tombstone counts disagree: ${JSON.stringify(r)}`);
    }
    for (const [k, n] of Object.entries(counts)) totals[k] = (totals[k] ?? 0) + n;
  }
  return totals;
}

/** Every key (kind, camera, id) still held, for "nothing unexpired was touched". */
export async function heldKeys(database: Pick<Database, 'db'>): Promise<string[]> {
  const keys: string[] = [];
  for (const table of tables) {
    const rows = await sql<{ camera_id: string; external_id: string; time: string }>`
      select camera_id, external_id, ${sql.ref(timeColumn[table])} as time from ${sql.table(table)}`.execute(
      database.db,
    );
    // The key ends with the expiry under the default 336 h, what the tests compare with their clock.
    for (const r of rows.rows)
      keys.push(
        `${table}/${r.camera_id}/${r.external_id}/${new Date(Date.parse(r.time) + 336 * hour).toISOString()}`,
      );
  }
  return keys.sort();
}

/** A migrated database with a site and `cameras` cameras, opened by the test itself. */
export async function seededDatabase(database: TestDatabase, cameras = 3) {
  const conn = connect(database.url);
  await migrateToLatest(conn.db, conn.dialect);
  const at = new Date().toISOString();
  const siteId = randomUUID();
  await conn.db
    .insertInto('sites')
    .values({ id: siteId, name: `Site ${siteId}`, municipality: 'Lahti', created_at: at })
    .execute();
  const cameraIds: string[] = [];
  for (let i = 0; i < cameras; i++) {
    const id = randomUUID();
    await conn.db
      .insertInto('cameras')
      .values({ id, site_id: siteId, name: `Camera ${i}`, vms_names: '[]', created_at: at })
      .execute();
    cameraIds.push(id);
  }
  return { conn, siteId, cameraIds };
}
