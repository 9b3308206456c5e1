import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/protocol/index.js';
import { type PassResult, runPurgePass } from '../../src/retention/index.js';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import {
  counts,
  externalId,
  heldKeys,
  hour,
  ingest,
  type RecordingFixture,
  recordingFixture,
  seedItems,
  tombstoneTotals,
} from './helpers.js';

const second = 1000;
const zone = 'Europe/Helsinki';

describeEachDialect('retention purge (R1)', (dialect) => {
  let t: TestApp;
  let f: RecordingFixture;

  beforeAll(async () => {
    t = await startTestApp(dialect, { PURGE_INTERVAL_SECONDS: '0', PURGE_BATCH_SIZE: '500' });
    f = await recordingFixture(t);
  });
  afterAll(() => t.close());

  const passAt = async (at: Date): Promise<PassResult> => {
    await t.setNow(at);
    const r = await t.app.retention.runPass();
    expect(r.outcome, JSON.stringify(r.errors)).toBe('completed');
    return r;
  };

  /** Ingests, through the API at `time` + 1 min, one item of each kind timed at `time`. */
  async function itemsAt(time: DateTime) {
    const at = time.toUTC().toISO()!;
    await t.setNow(new Date(Date.parse(at) + 60 * second));
    const ids = { segment: externalId('seg'), card: externalId('card'), plate: externalId('plate') };
    const res = await ingest(t, f.integration.token, {
      segments: [
        {
          cameraId: f.cameraIds[0],
          externalId: ids.segment,
          start: time.minus({ hours: 4 }).toISO(),
          end: time.toISO(),
          imageRef: 'vms://1',
        },
      ],
      cardReads: [
        { cameraId: f.cameraIds[1], externalId: ids.card, cardNumber: '1234567', at: time.toISO() },
      ],
      plateReads: [{ cameraId: f.cameraIds[0], externalId: ids.plate, plate: 'XYZ-789', at: time.toISO() }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().accepted).toHaveLength(3);
    return ids;
  }

  async function held(ids: { segment: string; card: string; plate: string }) {
    const db = t.app.database.db;
    const found = await Promise.all([
      db
        .selectFrom('recording_segments')
        .select('external_id')
        .where('external_id', '=', ids.segment)
        .execute(),
      db
        .selectFrom('recording_card_reads')
        .select('external_id')
        .where('external_id', '=', ids.card)
        .execute(),
      db
        .selectFrom('recording_plate_reads')
        .select('external_id')
        .where('external_id', '=', ids.plate)
        .execute(),
    ]);
    return found.map((rows) => rows.length);
  }

  describe('expiry to the second, 336 h after the item’s time', () => {
    it('keeps items at expiry −1 s and deletes them at +1 s', async () => {
      const time = DateTime.fromISO('2026-06-10T14:30:00', { zone });
      const ids = await itemsAt(time);
      const expiry = time.plus({ hours: 336 }).toJSDate();
      await passAt(new Date(expiry.getTime() - second));
      expect(await held(ids)).toEqual([1, 1, 1]);
      await passAt(new Date(expiry.getTime() + second));
      expect(await held(ids)).toEqual([0, 0, 0]);
    });

    it('spring DST night (2026-03-29, Helsinki +02:00 → +03:00): 336 h is 336 h, not 14 calendar days', async () => {
      const time = DateTime.fromISO('2026-03-28T12:00:00', { zone }); // Saturday noon, +02:00
      const ids = await itemsAt(time);
      const expiry = time.plus({ hours: 336 });
      const calendar = time.plus({ days: 14 }); // the wrong rule: same wall-clock time
      expect(expiry.setZone(zone).toFormat('yyyy-MM-dd HH:mm ZZ')).toBe('2026-04-11 13:00 +03:00');
      expect(calendar.toMillis()).toBe(expiry.toMillis() - hour);
      await passAt(new Date(calendar.toMillis() + second)); // 14 calendar days are up, 336 h are not
      expect(await held(ids)).toEqual([1, 1, 1]);
      await passAt(new Date(expiry.toMillis() - second));
      expect(await held(ids)).toEqual([1, 1, 1]);
      await passAt(new Date(expiry.toMillis() + second));
      expect(await held(ids)).toEqual([0, 0, 0]);
    });

    it('autumn DST night (2026-10-25, Helsinki +03:00 → +02:00): gone at 336 h, an hour before 14 calendar days', async () => {
      const time = DateTime.fromISO('2026-10-18T12:00:00', { zone }); // Sunday noon, +03:00
      const ids = await itemsAt(time);
      const expiry = time.plus({ hours: 336 });
      const calendar = time.plus({ days: 14 });
      expect(expiry.setZone(zone).toFormat('yyyy-MM-dd HH:mm ZZ')).toBe('2026-11-01 11:00 +02:00');
      expect(calendar.toMillis()).toBe(expiry.toMillis() + hour);
      await passAt(new Date(expiry.toMillis() - second));
      expect(await held(ids)).toEqual([1, 1, 1]);
      await passAt(new Date(expiry.toMillis() + second)); // 14 calendar days are not up yet
      expect(await held(ids)).toEqual([0, 0, 0]);
    });

    it('items timed within the DST nights themselves expire 336 h later', async () => {
      // 04:30 local on 2026-03-29 comes 1 h after 02:30 (03:00–04:00 does not exist); on
      // 2026-10-25 03:30 happens twice: the offset says which.
      for (const iso of [
        '2026-03-29T04:30:00+03:00',
        '2026-10-25T03:30:00+03:00',
        '2026-10-25T03:30:00+02:00',
      ]) {
        const time = DateTime.fromISO(iso, { setZone: true });
        const ids = await itemsAt(time);
        const expiry = time.toMillis() + 336 * hour;
        await passAt(new Date(expiry - second));
        expect(await held(ids), iso).toEqual([1, 1, 1]);
        await passAt(new Date(expiry + second));
        expect(await held(ids), iso).toEqual([0, 0, 0]);
      }
    });
  });

  describe('a pass', () => {
    const base = new Date('2026-07-01T12:00:00.000Z');

    it('deletes every expired item in batches, leaves the unexpired alone, and is idempotent', async () => {
      await passAt(base); // start clean
      const expiredCount = 1234 + 800 + 701;
      await seedItems(t.app.database, {
        kind: 'segment',
        cameraIds: f.cameraIds,
        count: 1234,
        expiresFrom: new Date(base.getTime() - 300 * hour),
        expiresTo: base,
      });
      await seedItems(t.app.database, {
        kind: 'card_read',
        cameraIds: f.cameraIds,
        count: 800,
        expiresFrom: new Date(base.getTime() - 10 * hour),
        expiresTo: new Date(base.getTime() - second),
      });
      await seedItems(t.app.database, {
        kind: 'plate_read',
        cameraIds: f.cameraIds,
        count: 701,
        expiresFrom: new Date(base.getTime() - hour),
        expiresTo: base,
      });
      await seedItems(t.app.database, {
        kind: 'card_read',
        cameraIds: f.cameraIds,
        count: 300,
        expiresFrom: new Date(base.getTime() + 1),
        expiresTo: new Date(base.getTime() + 300 * hour),
      });
      const live = await heldKeys(t.app.database).then((keys) =>
        keys.filter((k) => k.split('/')[3]! > base.toISOString()),
      );
      expect(live).toHaveLength((await counts(t.app.database, base)).all - expiredCount);
      const tombstonesBefore = await tombstoneTotals(t.app.database);

      const r = await passAt(base);
      expect(r.deleted).toEqual({
        segment: 1234,
        card_read: 800,
        plate_read: 701,
        vms_event: 0,
        access_log: 0,
      });
      expect(r.total).toBe(expiredCount);
      // 500 rows a transaction across the kinds in turn: 2,735 rows make 6 transactions.
      expect(r.batches).toBe(6);
      expect(r.tombstones).toBe(6);
      expect(await counts(t.app.database, base)).toEqual({ all: live.length, expired: 0 });
      expect(await heldKeys(t.app.database)).toEqual(live);
      const tombstones = await tombstoneTotals(t.app.database);
      expect((tombstones.segment ?? 0) - (tombstonesBefore.segment ?? 0)).toBe(1234);
      expect((tombstones.card_read ?? 0) - (tombstonesBefore.card_read ?? 0)).toBe(800);
      expect((tombstones.plate_read ?? 0) - (tombstonesBefore.plate_read ?? 0)).toBe(701);

      const again = await passAt(base);
      expect(again.total).toBe(0);
      expect(again.tombstones).toBe(0);
      expect(await tombstoneTotals(t.app.database)).toEqual(tombstones);
    });

    it('leaves tombstones with no personal data, each recorded on the hash chain; the ledger verifies', async () => {
      const time = DateTime.fromISO('2026-08-01T09:00:00Z');
      await passAt(time.toJSDate()); // what earlier tests left expires before
      const ids = await itemsAt(time);
      const r = await passAt(time.plus({ hours: 336, seconds: 1 }).toJSDate());
      expect(await held(ids)).toEqual([0, 0, 0]);
      const db = t.app.database.db;
      const rows = await db
        .selectFrom('retention_tombstones')
        .selectAll()
        .where('pass_id', '=', r.passId)
        .execute();
      expect(rows).toHaveLength(1); // one transaction, one tombstone, one chain event
      const [tombstone] = rows;
      const [from, to] = [time.minus({ hours: 4 }).toUTC().toISO(), time.toUTC().toISO()];
      expect({
        ...tombstone,
        counts: JSON.parse(tombstone!.counts),
        cameras: JSON.parse(tombstone!.cameras),
      }).toEqual({
        id: expect.any(String),
        seq: expect.anything(),
        pass_id: r.passId,
        purged_at: time.plus({ hours: 336, seconds: 1 }).toUTC().toISO(),
        period_from: from,
        period_to: to,
        item_count: 3,
        counts: { segment: 1, card_read: 1, plate_read: 1 },
        cameras: [
          { cameraId: f.cameraIds[0], siteId: f.siteId, counts: { segment: 1, plate_read: 1 }, from, to },
          { cameraId: f.cameraIds[1], siteId: f.siteId, counts: { card_read: 1 }, from: to, to },
        ].sort((a, b) => a.cameraId!.localeCompare(b.cameraId!)),
      });
      const events = await db
        .selectFrom('ledger_events')
        .selectAll()
        .where('type', '=', 'retention.purged')
        .execute();
      const text = JSON.stringify([rows, events]);
      expect(text).not.toContain('1234567');
      expect(text).not.toContain('XYZ');
      expect(text).not.toContain(ids.card);
      const event = events.find((e) => e.seq === tombstone!.seq);
      expect(event).toMatchObject({ subject_id: tombstone!.id, site_id: f.siteId, actor_id: null });
      expect(await verifyLedger(db)).toMatchObject({ ok: true });
      const verify = await call(t, f.auditor.token, 'GET', '/api/v1/ledger/verify');
      expect(verify.json()).toMatchObject({ ok: true });
    });

    it('stopped between two batches leaves a consistent database; the next pass finishes the job', async () => {
      const now = new Date('2026-09-01T00:00:00.000Z');
      await passAt(now);
      await seedItems(t.app.database, {
        kind: 'segment',
        cameraIds: f.cameraIds,
        count: 1000,
        expiresFrom: new Date(now.getTime() - 100 * hour),
        expiresTo: now,
      });
      const before = await tombstoneTotals(t.app.database);
      const controller = new AbortController();
      let batches = 0;
      const settings = { ...t.app.retention.settings, batchSize: 100 };
      const stopped = await runPurgePass(t.app.database, settings, {
        clock: () => now,
        signal: controller.signal,
        betweenBatches: async () => {
          if (++batches === 3) controller.abort();
        },
      });
      expect(stopped).toMatchObject({ outcome: 'interrupted', total: 300, batches: 3 });
      const mid = await counts(t.app.database, now);
      expect(mid.expired).toBe(700);
      expect(((await tombstoneTotals(t.app.database)).segment ?? 0) - (before.segment ?? 0)).toBe(300);
      expect(await verifyLedger(t.app.database.db)).toMatchObject({ ok: true });

      const next = await runPurgePass(t.app.database, settings, { clock: () => now });
      expect(next).toMatchObject({ outcome: 'completed', total: 700 });
      expect((await counts(t.app.database, now)).expired).toBe(0);
      expect(((await tombstoneTotals(t.app.database)).segment ?? 0) - (before.segment ?? 0)).toBe(1000);
    });
  });

  describe('GET /api/v1/retention/status and /ready', () => {
    it('shows the oldest item, the next expiry, the items past expiry and the last pass', async () => {
      const now = new Date('2026-09-10T00:00:00.000Z');
      await passAt(now);
      await t.setNow(now);
      await seedItems(t.app.database, {
        kind: 'card_read',
        cameraIds: f.cameraIds,
        count: 5,
        expiresFrom: new Date(now.getTime() - 2 * hour),
        expiresTo: new Date(now.getTime() - hour),
      });
      const soon = new Date(now.getTime() + 3 * hour);
      await seedItems(t.app.database, {
        kind: 'plate_read',
        cameraIds: f.cameraIds,
        count: 1,
        expiresFrom: soon,
        expiresTo: soon,
      });
      const res = await call(t, f.auditor.token, 'GET', '/api/v1/retention/status');
      expect(res.statusCode, res.body).toBe(200);
      const status = res.json();
      expect(status).toMatchObject({
        now: now.toISOString(),
        retentionHours: 336,
        purgeIntervalSeconds: 0,
        pastExpiry: 5,
        oldestLiveItem: { kind: 'card_read', expiresAt: new Date(now.getTime() - 2 * hour).toISOString() },
        lastPass: { outcome: 'completed', deleted: 0, finishedAt: now.toISOString() },
      });
      expect(status.nextExpiry).toBe(soon.toISOString());
      expect(status.kinds.map((k: { kind: string }) => k.kind)).toEqual([
        'segment',
        'card_read',
        'plate_read',
        'vms_event',
        'access_log',
      ]);
      expect(status.kinds.find((k: { kind: string }) => k.kind === 'access_log')).toMatchObject({
        retentionHours: 1826 * 24,
        pastExpiry: 0,
      });
      expect(JSON.stringify(status)).not.toMatch(/2000\d{6}|ABC123/); // no personal data

      const r = await passAt(now);
      expect(r.deleted.card_read).toBe(5);
      const after = (await call(t, t.adminToken, 'GET', '/api/v1/retention/status')).json();
      expect(after).toMatchObject({
        pastExpiry: 0,
        lastPass: { deleted: 5, counts: { card_read: 5 }, passId: r.passId },
      });
      expect(after.lastPass.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('is for responsible persons, auditors and admins', async () => {
      const viewer = await t.user(['viewer'], [f.siteId]);
      expect((await call(t, viewer.token, 'GET', '/api/v1/retention/status')).statusCode).toBe(403);
      expect((await call(t, f.integration.token, 'GET', '/api/v1/retention/status')).statusCode).toBe(403);
      expect((await call(t, f.responsible.token, 'GET', '/api/v1/retention/status')).statusCode).toBe(200);
      expect((await call(t, t.adminToken, 'GET', '/api/v1/retention/status?x=1')).statusCode).toBe(400);
    });

    it('/ready is not ready while items are more than two purge intervals past expiry', async () => {
      const now = new Date('2026-09-20T00:00:00.000Z');
      await passAt(now);
      // The scheduler is off here (interval 0): two intervals are then 2 × 300 s.
      await seedItems(t.app.database, {
        kind: 'segment',
        cameraIds: f.cameraIds,
        count: 1,
        expiresFrom: new Date(now.getTime() - 9 * 60 * second),
        expiresTo: new Date(now.getTime() - 9 * 60 * second),
      });
      await t.setNow(now);
      expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
      await t.setNow(new Date(now.getTime() + 2 * 60 * second));
      const res = await t.app.inject({ url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().detail).toMatch(/R1: .*segment/);
      await passAt(new Date(now.getTime() + 2 * 60 * second));
      expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
    });
  });

  describe('GET /api/v1/retention/tombstones', () => {
    it('lists the tombstones, newest first, to auditors, admins and the responsible persons of the site', async () => {
      const res = await call(t, f.auditor.token, 'GET', '/api/v1/retention/tombstones?limit=2');
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      expect(page.items).toHaveLength(2);
      expect(page.items[0].seq).toBeGreaterThan(page.items[1].seq);
      expect(page.items[0]).toMatchObject({
        counts: expect.any(Object),
        cameras: expect.any(Array),
        itemCount: expect.any(Number),
      });
      expect(page.nextCursor).toEqual(expect.any(String));
      const next = await call(
        t,
        f.auditor.token,
        'GET',
        `/api/v1/retention/tombstones?limit=2&cursor=${page.nextCursor}`,
      );
      expect(next.json().items[0].seq).toBeLessThan(page.items[1].seq);
      const mine = (
        await call(t, f.responsible.token, 'GET', '/api/v1/retention/tombstones?limit=500')
      ).json();
      expect(mine.items.length).toBeGreaterThan(0);
      expect(
        mine.items.every((x: { cameras: { siteId: string }[] }) =>
          x.cameras.every((c) => c.siteId === f.siteId),
        ),
      ).toBe(true);
      const other = await t.user(['responsible'], [await t.site()]);
      expect((await call(t, other.token, 'GET', '/api/v1/retention/tombstones')).json().items).toEqual([]);
      expect((await call(t, t.adminToken, 'GET', '/api/v1/retention/tombstones')).statusCode).toBe(200);
      const viewer = await t.user(['viewer'], [f.siteId]);
      expect((await call(t, viewer.token, 'GET', '/api/v1/retention/tombstones')).statusCode).toBe(403);
    });
  });
});
