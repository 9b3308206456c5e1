import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database, migrateToLatest } from '../../src/db/index.js';
import { verifyLedger } from '../../src/protocol/index.js';
import { retentionStatus } from '../../src/retention/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';
import { eventBlockRow } from '../helpers/event-blocks.js';

const day = 86_400_000;

async function logRow(db: Database['db'], at: Date, action = 'viewing.read') {
  const row = await db
    .insertInto('audit_events')
    .values({
      at: at.toISOString(),
      actor_id: null,
      actor_username: 'u',
      action,
      ip: '127.0.0.1',
      outcome: 'success',
      status: 200,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const exists = async (db: Database['db'], id: number) =>
  (await db.selectFrom('audit_events').select('id').where('id', '=', id).execute()).length === 1;

/**
 * R10: the access log is append-only except for one thing, deleting rows older than
 * ACCESS_LOG_RETENTION_DAYS. The database enforces it (migrations/0004-retention.ts), on
 * its own clock, against statements typed past the application as well.
 */
describeEachDialect('access log retention guard', (dialect) => {
  let database: TestDatabase;
  let conn: Database;
  const now = Date.now();

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    conn = connect(database.url);
    await migrateToLatest(conn.db, conn.dialect);
  });
  afterAll(async () => {
    await conn.close();
    await database.drop();
  });

  it('stores the default retention, 1826 days, for the trigger', async () => {
    const row = await conn.db.selectFrom('retention_settings').selectAll().executeTakeFirstOrThrow();
    expect(row).toEqual({ id: 1, access_log_days: 1826 });
  });

  it('refuses a plain DELETE of a young row, and a DELETE of every row when one is young', async () => {
    const young = await logRow(conn.db, new Date(now - 1000 * day));
    const old = await logRow(conn.db, new Date(now - 1900 * day));
    await expect(sql`delete from audit_events where id = ${young}`.execute(conn.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_events`.execute(conn.db)).rejects.toThrow(/append-only/);
    expect(await exists(conn.db, young)).toBe(true);
    expect(await exists(conn.db, old)).toBe(true);
  });

  it('allows deleting a row older than the retention, and still refuses to UPDATE it', async () => {
    const old = await logRow(conn.db, new Date(now - 1827 * day));
    await expect(
      sql`update audit_events set action = 'tampered' where id = ${old}`.execute(conn.db),
    ).rejects.toThrow(/append-only/);
    await sql`delete from audit_events where id = ${old}`.execute(conn.db);
    expect(await exists(conn.db, old)).toBe(false);
  });

  it('follows the stored retention: 30 days lets a 40-day-old row go, not a 29-day-old one', async () => {
    await sql`update retention_settings set access_log_days = 30 where id = 1`.execute(conn.db);
    try {
      const forty = await logRow(conn.db, new Date(now - 40 * day));
      const younger = await logRow(conn.db, new Date(now - 29 * day));
      await expect(sql`delete from audit_events where id = ${younger}`.execute(conn.db)).rejects.toThrow(
        /append-only/,
      );
      await sql`delete from audit_events where id = ${forty}`.execute(conn.db);
      expect(await exists(conn.db, forty)).toBe(false);
      expect(await exists(conn.db, younger)).toBe(true);
    } finally {
      await sql`update retention_settings set access_log_days = 1826 where id = 1`.execute(conn.db);
    }
  });

  it('refuses to lose its retention: no delete of the settings row, no retention of 0', async () => {
    await expect(sql`delete from retention_settings`.execute(conn.db)).rejects.toThrow();
    await expect(sql`update retention_settings set access_log_days = 0`.execute(conn.db)).rejects.toThrow();
    if (dialect === 'postgres') {
      await expect(sql`truncate retention_settings`.execute(conn.db)).rejects.toThrow();
      await expect(sql`truncate audit_events`.execute(conn.db)).rejects.toThrow(/append-only/);
    }
    expect(
      await conn.db.selectFrom('retention_settings').select('access_log_days').executeTakeFirstOrThrow(),
    ).toEqual({
      access_log_days: 1826,
    });
  });
});

describeEachDialect('access log and camera-system event purge', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, {
      PURGE_INTERVAL_SECONDS: '0',
      ACCESS_LOG_RETENTION_DAYS: '30',
      VMS_EVENT_RETENTION_DAYS: '10',
    });
  });
  afterAll(() => t.close());

  describe('with ACCESS_LOG_RETENTION_DAYS=30', () => {
    it('deletes the rows older than 30 days with a tombstone, keeps the younger ones, and keeps the trigger in step', async () => {
      const db = t.app.database.db;
      const now = Date.now();
      const old = [await logRow(db, new Date(now - 45 * day)), await logRow(db, new Date(now - 31 * day))];
      const young = await logRow(db, new Date(now - 29 * day));
      const r = await t.app.retention.runPass();
      expect(r).toMatchObject({ outcome: 'completed', deleted: { access_log: 2 } });
      for (const id of old) expect(await exists(db, id)).toBe(false);
      expect(await exists(db, young)).toBe(true);
      expect(
        await db.selectFrom('retention_settings').select('access_log_days').executeTakeFirstOrThrow(),
      ).toEqual({
        access_log_days: 30,
      });
      const tombstone = await db
        .selectFrom('retention_tombstones')
        .selectAll()
        .where('pass_id', '=', r.passId)
        .executeTakeFirstOrThrow();
      const [from, to] = [new Date(now - 45 * day).toISOString(), new Date(now - 31 * day).toISOString()];
      expect(tombstone).toMatchObject({ item_count: 2, period_from: from, period_to: to });
      expect(JSON.parse(tombstone.counts)).toEqual({ access_log: 2 });
      expect(JSON.parse(tombstone.cameras)).toEqual([
        { cameraId: null, siteId: null, counts: { access_log: 2 }, from, to },
      ]);
      expect(await verifyLedger(db)).toMatchObject({ ok: true });
    });
  });

  describe('when the service clock runs ahead of the database', () => {
    it('the trigger refuses the access-log delete; the pass reports it, keeps the rows, and still purges the rest', async () => {
      const db = t.app.database.db;
      const now = Date.now();
      const row = await logRow(db, new Date(now - 20 * day)); // old on the service clock below, young on the database's
      const siteId = await t.site();
      const cameraId = await t.camera(siteId);
      await db
        .insertInto('recording_card_reads')
        .values({
          camera_id: cameraId,
          external_id: 'ahead-1',
          card_number: '1',
          at: new Date(now - 400 * 3_600_000).toISOString(),
          received_at: new Date(now).toISOString(),
        })
        .execute();
      await t.setNow(new Date(now + 15 * day));
      try {
        const r = await t.app.retention.runPass();
        expect(r.outcome).toBe('failed');
        expect(r.errors).toEqual([{ kind: 'access_log', message: expect.stringMatching(/append-only/) }]);
        expect(r.deleted.card_read).toBeGreaterThanOrEqual(1);
      } finally {
        await t.setNow(undefined);
      }
      expect(await exists(db, row)).toBe(true);
      const left = await db
        .selectFrom('recording_card_reads')
        .select('external_id')
        .where('external_id', '=', 'ahead-1')
        .execute();
      expect(left).toEqual([]);
      expect(await verifyLedger(db)).toMatchObject({ ok: true });
    });
  });

  describe('with VMS_EVENT_RETENTION_DAYS=10', () => {
    it('deletes blocks of imported camera-system events whose last event is older than 10 days, counted per site in the tombstone', async () => {
      const db = t.app.database.db;
      const siteId = await t.site();
      const now = Date.now();
      const ago = (days: number) => now - days * day;
      const block = (firstEventId: number, times: number[]) =>
        eventBlockRow({ firstEventId, importId: 'import-1', siteId, times });
      await db
        .insertInto('vms_event_blocks')
        .values([
          block(1, [ago(12), ago(11)]),
          block(3, [ago(9)]),
          // A block is kept until its last event is past the retention (at most a day, as
          // the importer cuts blocks by UTC day).
          block(4, [ago(10.5), ago(9.9)]),
        ])
        .execute();
      const pastExpiry = async () =>
        (await retentionStatus(db, t.app.retention.settings, new Date())).kinds.find(
          (k) => k.kind === 'vms_event',
        )?.pastExpiry;
      expect(await pastExpiry()).toBe(2);
      const r = await t.app.retention.runPass();
      expect(r).toMatchObject({ outcome: 'completed', deleted: { vms_event: 2 } });
      const left = await db
        .selectFrom('vms_event_blocks')
        .select('first_event_id')
        .orderBy('first_event_id')
        .execute();
      expect(left.map((b) => b.first_event_id)).toEqual([3, 4]);
      const tombstone = await db
        .selectFrom('retention_tombstones')
        .selectAll()
        .where('pass_id', '=', r.passId)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(tombstone.cameras)).toEqual([
        {
          cameraId: null,
          siteId,
          counts: { vms_event: 2 },
          from: new Date(ago(12)).toISOString(),
          to: new Date(ago(11)).toISOString(),
        },
      ]);
      expect(await pastExpiry()).toBe(0);
    });
  });
});
