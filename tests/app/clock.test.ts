import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { type SiteFixture, siteWithStaff } from '../helpers/protocol.js';

/** The domain reads the app's clock, never the wall clock, so a test can stand on any instant. */
describeEachDialect('the app clock', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  let auditor: { token: string };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t);
    auditor = await t.user(['auditor']);
  });
  afterAll(() => t.close());

  it('stamps a reconciliation run and its access-log row with the app’s time', async () => {
    const fixed = new Date(Date.now() + 3 * 86_400_000);
    fixed.setUTCMilliseconds(0);
    await t.setNow(fixed);
    try {
      const res = await call(t, f.responsible.token, 'POST', '/api/v1/reconciliations', {
        from: new Date(fixed.getTime() - 86_400_000).toISOString(),
        to: fixed.toISOString(),
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ startedAt: fixed.toISOString(), finishedAt: fixed.toISOString() });
    } finally {
      await t.setNow(undefined);
    }
    const log = await call(t, auditor.token, 'GET', '/api/v1/audit-events?action=reconciliation.run');
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json().items[0]).toMatchObject({ at: fixed.toISOString(), outcome: 'success' });
  });
});
