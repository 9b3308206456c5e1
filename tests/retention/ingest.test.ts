import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { counts, externalId, hour, ingest, type RecordingFixture, recordingFixture } from './helpers.js';

describeEachDialect('POST /api/v1/recordings', (dialect) => {
  let t: TestApp;
  let f: RecordingFixture;
  const now = new Date('2026-06-15T10:00:00.000Z');
  const ago = (h: number) => new Date(now.getTime() - h * hour).toISOString();

  beforeAll(async () => {
    t = await startTestApp(dialect, { PURGE_INTERVAL_SECONDS: '0' });
    f = await recordingFixture(t);
    await t.setNow(now);
  });
  afterAll(() => t.close());

  const segment = (o: Record<string, unknown> = {}) => ({
    cameraId: f.cameraIds[0],
    externalId: externalId('seg'),
    start: ago(2),
    end: ago(1),
    imageRef: 'milestone://recording/4f1c',
    ...o,
  });
  const cardRead = (o: Record<string, unknown> = {}) => ({
    cameraId: f.cameraIds[1],
    externalId: externalId('card'),
    cardNumber: '2000 1234-5678',
    at: ago(1),
    ...o,
  });
  const plateRead = (o: Record<string, unknown> = {}) => ({
    cameraId: f.cameraIds[0],
    externalId: externalId('plate'),
    plate: 'abc-123',
    at: ago(1),
    ...o,
  });

  it('stores segments, card reads and plate reads with their own time; each expires 336 h after it', async () => {
    const s = segment({ start: ago(4), end: ago(3) });
    const c = cardRead();
    const p = plateRead();
    const res = await ingest(t, f.integration.token, { segments: [s], cardReads: [c], plateReads: [p] });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.refused).toEqual([]);
    expect(body.duplicates).toEqual([]);
    expect(body.accepted).toEqual([
      { kind: 'segment', index: 0, expiresAt: new Date(Date.parse(s.end) + 336 * hour).toISOString() },
      { kind: 'card_read', index: 0, expiresAt: new Date(now.getTime() - hour + 336 * hour).toISOString() },
      { kind: 'plate_read', index: 0, expiresAt: new Date(now.getTime() - hour + 336 * hour).toISOString() },
    ]);
    const db = t.app.database.db;
    const card = await db
      .selectFrom('recording_card_reads')
      .selectAll()
      .where('external_id', '=', c.externalId)
      .executeTakeFirstOrThrow();
    expect(card).toEqual({
      camera_id: f.cameraIds[1],
      external_id: c.externalId,
      card_number: '200012345678', // one form for storing and searching (R11)
      at: ago(1),
      received_at: now.toISOString(),
    });
    const plate = await db
      .selectFrom('recording_plate_reads')
      .select('plate')
      .where('external_id', '=', p.externalId)
      .executeTakeFirstOrThrow();
    expect(plate.plate).toBe('ABC123');
  });

  it('is idempotent on (kind, camera, external id): a batch sent twice is stored once', async () => {
    const batch = { segments: [segment(), segment()], cardReads: [cardRead()], plateReads: [plateRead()] };
    const before = await counts(t.app.database, now);
    const first = await ingest(t, f.integration.token, batch);
    expect(first.json().accepted).toHaveLength(4);
    const second = await ingest(t, f.integration.token, batch);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({
      accepted: [],
      duplicates: [
        { kind: 'segment', index: 0 },
        { kind: 'segment', index: 1 },
        { kind: 'card_read', index: 0 },
        { kind: 'plate_read', index: 0 },
      ],
      refused: [],
    });
    expect((await counts(t.app.database, now)).all).toBe(before.all + 4);
  });

  it('treats the same id repeated within one batch as a duplicate, and the same id of another kind or camera as new', async () => {
    const id = externalId('same');
    const res = await ingest(t, f.integration.token, {
      segments: [
        segment({ externalId: id }),
        segment({ externalId: id }),
        segment({ externalId: id, cameraId: f.cameraIds[1] }),
      ],
      cardReads: [cardRead({ externalId: id })],
    });
    const body = res.json();
    expect(body.accepted.map((a: { kind: string; index: number }) => `${a.kind}:${a.index}`)).toEqual([
      'segment:0',
      'segment:2',
      'card_read:0',
    ]);
    expect(body.duplicates).toEqual([{ kind: 'segment', index: 1 }]);
  });

  it('stores an item resent with a changed time as another version, each expiring on its own time', async () => {
    // The key the purge can afford starts with the expiry (migrations/0004-retention.ts):
    // (kind, camera, id) is unique per item time, not across corrections of it.
    const id = externalId('corrected');
    const first = await ingest(t, f.integration.token, {
      cardReads: [cardRead({ externalId: id, at: ago(2) })],
    });
    const corrected = await ingest(t, f.integration.token, {
      cardReads: [cardRead({ externalId: id, at: ago(1) })],
    });
    expect(first.json().accepted).toHaveLength(1);
    expect(corrected.json().accepted).toHaveLength(1);
    const rows = await t.app.database.db
      .selectFrom('recording_card_reads')
      .select('at')
      .where('external_id', '=', id)
      .orderBy('at')
      .execute();
    expect(rows.map((r) => r.at)).toEqual([ago(2), ago(1)]);
  });

  it('R1: refuses, item by item, what is already past its expiry, and keeps the rest', async () => {
    const res = await ingest(t, f.integration.token, {
      segments: [segment({ start: ago(400), end: ago(336) }), segment({ start: ago(400), end: ago(335) })],
      cardReads: [cardRead({ at: ago(336.0003) }), cardRead()],
      plateReads: [plateRead({ at: ago(500) })],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.accepted.map((a: { kind: string; index: number }) => `${a.kind}:${a.index}`)).toEqual([
      'segment:1',
      'card_read:1',
    ]);
    expect(body.refused).toEqual([
      expect.objectContaining({ kind: 'segment', index: 0, field: 'segments[0].end', rule: 'R1' }),
      expect.objectContaining({ kind: 'card_read', index: 0, field: 'cardReads[0].at', rule: 'R1' }),
      expect.objectContaining({ kind: 'plate_read', index: 0, field: 'plateReads[0].at', rule: 'R1' }),
    ]);
    for (const r of body.refused) expect(r.reason).toMatch(/^R1: already past its expiry/);
  });

  it('refuses per item an unknown camera, a segment ending before it starts, and a time in the future', async () => {
    const res = await ingest(t, f.integration.token, {
      segments: [segment({ cameraId: 'no-such-camera' }), segment({ start: ago(1), end: ago(2) })],
      cardReads: [cardRead({ at: new Date(now.getTime() + hour).toISOString() })],
      plateReads: [plateRead({ at: new Date(now.getTime() + 60_000).toISOString() })], // within clock skew
    });
    const body = res.json();
    expect(body.refused).toEqual([
      { kind: 'segment', index: 0, field: 'segments[0].cameraId', reason: 'unknown camera no-such-camera' },
      { kind: 'segment', index: 1, field: 'segments[1].end', reason: 'the segment ends before it starts' },
      expect.objectContaining({ kind: 'card_read', index: 0, field: 'cardReads[0].at', rule: 'R1' }),
    ]);
    expect(body.accepted).toEqual([expect.objectContaining({ kind: 'plate_read', index: 0 })]);
  });

  it('refuses a batch of more than 1,000 items in all with 400 and stores none of it', async () => {
    const before = await counts(t.app.database, now);
    const res = await ingest(t, f.integration.token, {
      segments: Array.from({ length: 600 }, () => segment()),
      cardReads: Array.from({ length: 401 }, () => cardRead()),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toMatch(/at most 1000 items in all/);
    expect(await counts(t.app.database, now)).toEqual(before);
    const full = await ingest(t, f.integration.token, {
      segments: Array.from({ length: 600 }, () => segment()),
      cardReads: Array.from({ length: 400 }, () => cardRead()),
    });
    expect(full.json().accepted).toHaveLength(1000);
  });

  it.each([
    ['a missing field', { segments: [{ cameraId: 'c', externalId: 'e', start: '2026-06-15T08:00:00Z' }] }],
    [
      'a time without offset',
      { cardReads: [{ cameraId: 'c', externalId: 'e', cardNumber: '1', at: '2026-06-15T08:00:00' }] },
    ],
    [
      'an unknown field',
      { cardReads: [{ cameraId: 'c', externalId: 'e', cardNumber: '1', at: '2026-06-15T08:00:00Z', x: 1 }] },
    ],
    [
      'a control character',
      { plateReads: [{ cameraId: 'c', externalId: 'e\u0000', plate: 'ABC-1', at: '2026-06-15T08:00:00Z' }] },
    ],
    [
      'a card number with other characters',
      { cardReads: [{ cameraId: 'c', externalId: 'e', cardNumber: "1'; --", at: '2026-06-15T08:00:00Z' }] },
    ],
    ['an unknown list', { viewings: [] }],
    ['not an object', [1, 2]],
  ])('answers %s with a 400 problem and stores nothing', async (_name, body) => {
    const before = await counts(t.app.database, now);
    const res = await ingest(t, f.integration.token, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(await counts(t.app.database, now)).toEqual(before);
  });

  it('is for the integration role only, and every push is in the access log (R10)', async () => {
    const viewer = await t.user(['viewer'], [f.siteId]);
    for (const token of [viewer.token, f.responsible.token, f.auditor.token, t.adminToken]) {
      const res = await ingest(t, token, { segments: [segment()] });
      expect(res.statusCode).toBe(403);
    }
    const log = await call(
      t,
      f.auditor.token,
      'GET',
      `/api/v1/audit-events?action=recording.ingest&actorId=${f.integration.id}`,
    );
    expect(log.json().items.length).toBeGreaterThan(0);
    expect(log.json().items[0]).toMatchObject({
      outcome: expect.any(String),
      actorUsername: expect.any(String),
    });
  });
});

describe('expiry arithmetic', () => {
  it('is in absolute hours', async () => {
    const { expiryOf } = await import('../../src/retention/index.js');
    expect(expiryOf('2026-03-28T10:00:00.000Z', 336).toISOString()).toBe('2026-04-11T10:00:00.000Z');
  });
});
