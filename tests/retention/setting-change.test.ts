import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { getUser } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config.js';
import { verifyLedger } from '../../src/protocol/index.js';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { counts, hour, type RecordingFixture, recordingFixture, tombstoneTotals } from './helpers.js';

/**
 * R1: expiry follows the retention setting in force, for items already stored too. Items
 * stored under 336 h, the service started again with RETENTION_HOURS=1: its first pass
 * purges everything older than an hour and the status shows 1 h for each kind.
 */
describeEachDialect('retention after RETENTION_HOURS changes', (dialect) => {
  let t: TestApp;
  let f: RecordingFixture;
  let again: FastifyInstance | undefined;
  const now = new Date();
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

  beforeAll(async () => {
    t = await startTestApp(dialect, { PURGE_INTERVAL_SECONDS: '0' });
    f = await recordingFixture(t);
    await t.setNow(now);
    const res = await call(t, f.integration.token, 'POST', '/api/v1/recordings', {
      segments: [
        {
          cameraId: f.cameraIds[0],
          externalId: 'seg-old',
          start: ago(200),
          end: ago(180),
          imageRef: 'vms://1',
        },
        {
          cameraId: f.cameraIds[0],
          externalId: 'seg-new',
          start: ago(30),
          end: ago(20),
          imageRef: 'vms://2',
        },
      ],
      cardReads: [
        { cameraId: f.cameraIds[1], externalId: 'card-old', cardNumber: '2000 1234', at: ago(120) },
        { cameraId: f.cameraIds[1], externalId: 'card-new', cardNumber: '2000 5678', at: ago(10) },
      ],
      plateReads: [{ cameraId: f.cameraIds[0], externalId: 'plate-old', plate: 'ABC-123', at: ago(90) }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().accepted).toHaveLength(5);
  });
  afterAll(async () => {
    await again?.close();
    await t.database.drop();
  });

  it('keeps them under 336 h and shows 336 h for each kind', async () => {
    const pass = await t.app.retention.runPass();
    expect(pass.total).toBe(0);
    const status = await call(t, f.responsible.token, 'GET', '/api/v1/retention/status');
    expect(status.statusCode, status.body).toBe(200);
    const hours = Object.fromEntries(
      status
        .json<{ kinds: { kind: string; retentionHours: number | null }[] }>()
        .kinds.map((k) => [k.kind, k.retentionHours]),
    );
    expect(hours).toMatchObject({ segment: 336, card_read: 336, plate_read: 336 });
    expect(await counts(t.app.database, now)).toEqual({ all: 5, expired: 0 });
    await t.app.close();
  });

  it('purges what is older than the new setting once the service runs with RETENTION_HOURS=1', async () => {
    const config = loadConfig({
      DATA_DIR: t.database.dataDir,
      DATABASE_URL: t.database.url,
      RETENTION_HOURS: '1',
      PURGE_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'silent',
    });
    again = await buildApp(config, { now: () => now, logger: false });
    const token = again.issueToken(await getUser(again.database.db, f.responsible.id)).accessToken;
    const before = await again.inject({
      method: 'GET',
      url: '/api/v1/retention/status',
      headers: { authorization: `Bearer ${token}` },
    });
    const status = before.json<{
      retentionHours: number;
      pastExpiry: number;
      kinds: { kind: string; retentionHours: number | null; pastExpiry: number }[];
    }>();
    expect(status.retentionHours).toBe(1);
    const byKind = new Map(status.kinds.map((k) => [k.kind, k]));
    expect(byKind.get('segment')).toMatchObject({ retentionHours: 1, pastExpiry: 1 });
    expect(byKind.get('card_read')).toMatchObject({ retentionHours: 1, pastExpiry: 1 });
    expect(byKind.get('plate_read')).toMatchObject({ retentionHours: 1, pastExpiry: 1 });

    const pass = await again.retention.runPass();
    expect(pass.outcome).toBe('completed');
    expect(pass.deleted).toMatchObject({ segment: 1, card_read: 1, plate_read: 1 });
    expect(await counts(again.database, now, 1)).toEqual({ all: 2, expired: 0 });
    expect(await tombstoneTotals(again.database)).toEqual({ segment: 1, card_read: 1, plate_read: 1 });
    const held = await again.inject({
      method: 'GET',
      url: '/api/v1/recordings',
      headers: { authorization: `Bearer ${token}` },
    });
    const items = held.json<{ items: { externalId: string; expiresAt: string }[] }>().items;
    expect(items.map((i) => i.externalId).sort()).toEqual(['card-new', 'seg-new']);
    // the expiry each shows is an hour after its own time, under the setting in force
    expect(items.find((i) => i.externalId === 'card-new')?.expiresAt).toBe(
      new Date(Date.parse(ago(10)) + hour).toISOString(),
    );
    expect((await verifyLedger(again.database.db)).ok).toBe(true);
  });
});
