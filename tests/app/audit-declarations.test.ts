import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';

/** R10: every route of the API declares its access-log action, and reads of personal data write one. */
describeEachDialect('access-log declarations', (dialect) => {
  let t: TestApp;
  let auditor: { id: string; token: string };
  let siteId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    siteId = await t.site();
    auditor = await t.user(['auditor']);
  });
  afterAll(() => t.close());

  it('refuses to register an API route that declares no access-log action', async () => {
    const app = await buildApp(t.config, { logger: false });
    try {
      expect(() => app.get('/api/v1/undeclared', async () => ({}))).toThrow(/declares no config\.audit/);
      expect(() =>
        app.get('/api/v1/declared', { config: { audit: { none: 'a test route' } } }, async () => ({})),
      ).not.toThrow();
    } finally {
      await app.close();
    }
  });

  const lastRow = async () => {
    const res = await call(t, auditor.token, 'GET', '/api/v1/audit-events?limit=1');
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items[0];
  };

  it.each([
    ['/api/v1/me', 'me.read'],
    ['/api/v1/users', 'user.list'],
    ['/api/v1/users/:auditor', 'user.read'],
    ['/api/v1/sites', 'site.list'],
    ['/api/v1/cameras?siteId=:site', 'camera.list'],
    ['/api/v1/vms-profiles', 'vms_profile.list'],
    ['/api/v1/retention/status', 'retention.status'],
    ['/api/v1/retention/tombstones', 'retention.tombstones'],
  ])('GET %s writes %s', async (url, action) => {
    const res = await call(
      t,
      auditor.token,
      'GET',
      url.replace(':auditor', auditor.id).replace(':site', siteId),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(await lastRow()).toMatchObject({ action, actorId: auditor.id, outcome: 'success', status: 200 });
  });
});
