import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { externalId, hour, ingest, type RecordingFixture, recordingFixture } from './helpers.js';

describeEachDialect('recording metadata: list and search', (dialect) => {
  let t: TestApp;
  let f: RecordingFixture;
  let otherSite: { siteId: string; cameraId: string; responsible: { id: string; token: string } };
  const now = new Date('2026-05-20T12:00:00.000Z');
  const ago = (h: number) => new Date(now.getTime() - h * hour).toISOString();

  beforeAll(async () => {
    t = await startTestApp(dialect, { PURGE_INTERVAL_SECONDS: '0' });
    f = await recordingFixture(t);
    const siteId = await t.site();
    otherSite = {
      siteId,
      cameraId: await t.camera(siteId),
      responsible: await t.user(['responsible'], [siteId]),
    };
    await t.setNow(now);
    const [c0, c1] = f.cameraIds as [string, string];
    const res = await ingest(t, f.integration.token, {
      segments: [
        { cameraId: c0, externalId: 'seg-a', start: ago(10), end: ago(9), imageRef: 'vms://a' },
        { cameraId: c0, externalId: 'seg-b', start: ago(5.5), end: ago(4.5), imageRef: 'vms://b' },
        { cameraId: c1, externalId: 'seg-c', start: ago(5.2), end: ago(4.9), imageRef: 'vms://c' },
        { cameraId: c0, externalId: 'seg-old', start: ago(335.9), end: ago(335.8), imageRef: 'vms://old' },
        {
          cameraId: otherSite.cameraId,
          externalId: 'seg-x',
          start: ago(5),
          end: ago(4),
          imageRef: 'vms://x',
        },
      ],
      cardReads: [
        { cameraId: c0, externalId: 'card-1', cardNumber: '2000 1111', at: ago(5) },
        { cameraId: c0, externalId: 'card-2', cardNumber: '2000-2222', at: ago(3) },
        { cameraId: c1, externalId: 'card-3', cardNumber: '20001111', at: ago(2) },
        { cameraId: c0, externalId: 'card-old', cardNumber: '20001111', at: ago(335.85) },
      ],
      plateReads: [{ cameraId: c1, externalId: 'plate-1', plate: 'abc-123', at: ago(1) }],
    });
    expect(res.json().accepted).toHaveLength(10);
  });
  afterAll(() => t.close());

  const list = (token: string, query = '') => call(t, token, 'GET', `/api/v1/recordings${query}`);
  const ids = (items: { externalId: string }[]) => items.map((i) => i.externalId);

  describe('GET /api/v1/recordings', () => {
    it('lists the metadata of the responsible person’s sites, newest first, with every kind', async () => {
      const res = await list(f.responsible.token);
      expect(res.statusCode, res.body).toBe(200);
      const { items, nextCursor } = res.json();
      expect(ids(items)).toEqual([
        'plate-1',
        'card-3',
        'card-2',
        'card-1',
        'seg-c',
        'seg-b',
        'seg-a',
        'card-old',
        'seg-old',
      ]);
      expect(nextCursor).toBeNull();
      expect(items[0]).toEqual({
        kind: 'plate_read',
        cameraId: f.cameraIds[1],
        siteId: f.siteId,
        externalId: 'plate-1',
        at: ago(1),
        plate: 'ABC123',
        receivedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 335 * hour).toISOString(),
      });
      expect(items.find((i: { externalId: string }) => i.externalId === 'seg-b')).toMatchObject({
        kind: 'segment',
        start: ago(5.5),
        end: ago(4.5),
        imageRef: 'vms://b',
      });
    });

    it('filters by camera, kind and period, and pages with a cursor', async () => {
      const byCamera = (await list(f.responsible.token, `?cameraId=${f.cameraIds[1]}`)).json();
      expect(ids(byCamera.items)).toEqual(['plate-1', 'card-3', 'seg-c']);
      const byKind = (await list(f.responsible.token, '?kind=card_read')).json();
      expect(ids(byKind.items)).toEqual(['card-3', 'card-2', 'card-1', 'card-old']);
      const period = (
        await list(
          f.responsible.token,
          `?from=${encodeURIComponent(ago(5))}&to=${encodeURIComponent(ago(2.5))}`,
        )
      ).json();
      expect(ids(period.items)).toEqual(['card-2', 'card-1', 'seg-c', 'seg-b']);
      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `?limit=4${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await list(f.responsible.token, q)).json();
        pages.push(ids(page.items).join(','));
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages).toEqual(['plate-1,card-3,card-2,card-1', 'seg-c,seg-b,seg-a,card-old', 'seg-old']);
    });

    it('shows nothing past its expiry, even before the purge reached it (R1)', async () => {
      await t.setNow(new Date(now.getTime() + 0.2 * hour));
      try {
        const res = await list(f.responsible.token);
        expect(ids(res.json().items)).not.toContain('seg-old');
        expect(ids(res.json().items)).not.toContain('card-old');
        expect(ids(res.json().items)).toContain('seg-a');
      } finally {
        await t.setNow(now);
      }
    });

    it('keeps each responsible person to their own sites; auditors see all', async () => {
      expect(ids((await list(otherSite.responsible.token)).json().items)).toEqual(['seg-x']);
      const foreign = await list(otherSite.responsible.token, `?cameraId=${f.cameraIds[0]}`);
      expect(foreign.statusCode).toBe(403);
      expect(foreign.json()).toMatchObject({ code: 'site_not_yours', errors: [{ field: 'cameraId' }] });
      expect((await list(otherSite.responsible.token, `?siteId=${f.siteId}`)).statusCode).toBe(403);
      expect((await list(f.responsible.token, '?cameraId=no-such-camera')).statusCode).toBe(404);
      expect((await list(f.auditor.token)).json().items).toHaveLength(10);
    });

    it('refuses other roles, bad filters and forged cursors with 4xx problems', async () => {
      const viewer = await t.user(['viewer'], [f.siteId]);
      for (const token of [viewer.token, f.integration.token, t.adminToken]) {
        expect((await list(token)).statusCode).toBe(403);
      }
      for (const q of [
        '?from=yesterday',
        '?kind=viewing',
        '?limit=0',
        '?cursor=bm9wZQ',
        '?cursor=%E2%9C%93',
        '?x=1',
      ]) {
        const res = await list(f.responsible.token, q);
        expect(res.statusCode, q).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });

    it('records every listing in the access log with its filters (R10)', async () => {
      await list(f.responsible.token, `?cameraId=${f.cameraIds[1]}`);
      const log = await call(
        t,
        f.auditor.token,
        'GET',
        `/api/v1/audit-events?action=recording.list&actorId=${f.responsible.id}`,
      );
      expect(log.json().items[0]).toMatchObject({
        outcome: 'success',
        detail: { query: { cameraId: f.cameraIds[1] } },
      });
    });
  });

  describe('GET /api/v1/recordings/search (R11)', () => {
    const search = (token: string, query: string) =>
      call(t, token, 'GET', `/api/v1/recordings/search?${query}`);

    it('finds the reads of a card number, in any spelling, with the segments of the same camera around them', async () => {
      const res = await search(f.auditor.token, 'card=2000-1111');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(ids(body.reads)).toEqual(['card-old', 'card-1', 'card-3']);
      expect(body.reads[1]).toMatchObject({
        kind: 'card_read',
        cardNumber: '20001111',
        cameraId: f.cameraIds[0],
      });
      // card-1 on camera 0 at −5 h: seg-b (−5.5…−4.5 h); card-3 on camera 1 at −2 h: none within 15 min;
      // card-old on camera 0 at −335.85 h: seg-old ends 3 min before it.
      expect(ids(body.segments)).toEqual(['seg-old', 'seg-b']);
      expect(body.truncated).toBe(false);
      const wider = (await search(f.auditor.token, 'card=20001111&aroundMinutes=200')).json();
      expect(ids(wider.segments)).toEqual(['seg-old', 'seg-b', 'seg-c']);
    });

    it('finds plate reads; finds nothing past retention', async () => {
      expect(ids((await search(f.auditor.token, 'plate=ABC%20123')).json().reads)).toEqual(['plate-1']);
      await t.setNow(new Date(now.getTime() + 0.2 * hour));
      try {
        const body = (await search(f.auditor.token, 'card=20001111')).json();
        expect(ids(body.reads)).toEqual(['card-1', 'card-3']);
        expect(ids(body.segments)).toEqual(['seg-b']);
      } finally {
        await t.setNow(now);
      }
    });

    it('is recorded in the access log with its terms', async () => {
      await search(f.auditor.token, 'card=2000-2222');
      const log = await call(
        t,
        f.auditor.token,
        'GET',
        `/api/v1/audit-events?action=recording.search&actorId=${f.auditor.id}`,
      );
      expect(log.statusCode).toBe(200);
      expect(log.json().items[0]).toMatchObject({
        actorId: f.auditor.id,
        outcome: 'success',
        status: 200,
        detail: { query: { card: '2000-2222' } },
      });
    });

    it('is for the auditor only: a viewer gets 403, and the refusal is logged too', async () => {
      const viewer = await t.user(['viewer'], [f.siteId]);
      const res = await search(viewer.token, 'card=20001111');
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ status: 403, code: 'forbidden' });
      for (const token of [f.responsible.token, t.adminToken, f.integration.token]) {
        expect((await search(token, 'card=20001111')).statusCode).toBe(403);
      }
      const log = await call(
        t,
        f.auditor.token,
        'GET',
        `/api/v1/audit-events?action=recording.search&actorId=${viewer.id}`,
      );
      expect(log.json().items[0]).toMatchObject({
        outcome: 'denied',
        status: 403,
        detail: { query: { card: '20001111' } },
      });
    });

    it.each([
      '',
      'card=1&plate=ABC1',
      'card=',
      "card=1'%20or%201=1",
      'plate=ABC1&aroundMinutes=999',
      'card=1&x=2',
    ])('answers ?%s with a 400 problem', async (q) => {
      const res = await search(f.auditor.token, q);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ status: 400, code: 'validation_failed' });
    });
  });

  it('ingested ids stay unique per camera', async () => {
    const id = externalId();
    const res = await ingest(t, f.integration.token, {
      cardReads: [{ cameraId: f.cameraIds[0], externalId: id, cardNumber: '1', at: ago(1) }],
    });
    expect(res.json().accepted).toHaveLength(1);
  });
});
