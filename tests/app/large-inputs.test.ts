import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { multipartBody } from '../helpers/multipart.js';

/** Sizes past the bound-parameter limits of one statement (SQLite 32,766; PostgreSQL 65,535). */
describeEachDialect('large inputs', (dialect) => {
  let t: TestApp;
  let siteId: string;
  let responsible: { id: string; token: string };
  beforeAll(async () => {
    t = await startTestApp(dialect);
    siteId = await t.site();
    await t.camera(siteId, 'K1', ['K1']);
    responsible = await t.user(['responsible'], [siteId]);
  });
  afterAll(() => t.close());

  it('imports a file of short rows whose reader batch exceeds one statement’s parameters', async () => {
    const lines = ['time,user,user_host,camera,action,message,footage_from,footage_to'];
    const start = Date.parse('2026-11-01T00:00:00Z');
    for (let i = 0; i < 6000; i++)
      lines.push(`${new Date(start + i * 1000).toISOString()},u${i % 7},,K1,live,,,`);
    const { payload, headers } = multipartBody(
      { siteId, profile: 'generic' },
      { name: 'short.csv', content: lines.join('\n') },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vms-imports',
      payload,
      headers: { ...headers, authorization: `Bearer ${responsible.token}` },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rowsRead: 6000, stored: 6000 });
  });

  // 33,000 entries pass SQLite's 32,766 limit; PostgreSQL's 65,535 would need twice as many
  // for the same chunking code, which costs minutes there, so this size runs on SQLite.
  it.runIf(dialect === 'sqlite')(
    'reconciles a window holding more entries than one IN list may name',
    async () => {
      const { inTransaction } = await import('../../src/db/index.js');
      const { insertViewing } = await import('../../src/protocol/index.js');
      const n = 33_000;
      const at = new Date('2026-11-10T10:00:00Z');
      await inTransaction(t.app.database.db, async (tx) => {
        for (let i = 0; i < n; i++) {
          await insertViewing(
            tx,
            {
              id: `bulk-${i}`,
              source: 'imported',
              site_id: siteId,
              viewed_at: new Date(at.getTime() + i * 1000).toISOString(),
              viewed_until: null,
              camera_ids: '[]',
              description: 'bulk',
              footage_from: '2026-11-10T09:00:00.000Z',
              footage_to: '2026-11-10T09:30:00.000Z',
              footage_time_estimated: 0,
              grounds: 'crime_investigation',
              justification: 'bulk entries for a size test',
              decided_by_user_id: null,
              decided_by_name: 'Director',
              viewer_id: responsible.id,
              viewer_name: 'Responsible',
              recorded_by: responsible.id,
              recorded_at: at.toISOString(),
              request_id: null,
              late: 0,
              late_by_minutes: null,
              import_ref: null,
            },
            responsible.id,
            at,
          );
        }
      });
      const run = await call(t, responsible.token, 'POST', '/api/v1/reconciliations', {
        from: '2026-11-10T00:00:00Z',
        to: '2026-11-11T12:00:00Z',
      });
      expect(run.statusCode, run.body).toBe(201);
      expect(run.json().counts.entries).toBe(n);
    },
    180_000,
  );
});
