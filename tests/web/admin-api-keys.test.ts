import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fi } from '../../src/web/messages/fi.js';
import { adminPassword, call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { PageClient } from '../helpers/web.js';

/** The admin makes and revokes the camera system's API keys on the integration account's page. */
describeEachDialect('web admin: API keys of an integration account', (dialect) => {
  let t: TestApp;
  let admin: PageClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = new PageClient(t);
    await admin.signIn('admin', adminPassword);
  });
  afterAll(() => t.close());

  const day = (days: number) => DateTime.now().setZone('Europe/Helsinki').plus({ days }).toFormat('d.M.yyyy');

  it('shows a new key once, lists it without its secret, and revokes it', async () => {
    const integration = await t.user(['integration']);
    const url = `/admin/users/${integration.id}`;
    expect((await admin.get(url)).body).toContain(fi.adminApiKeysNone);

    const made = await admin.post(`${url}/api-keys`, { label: 'Milestone Lahti', expiresOn: day(30) });
    expect(made.statusCode).toBe(200);
    expect(made.headers['cache-control']).toBe('no-store');
    const key = /<code id="issued-key">([^<]+)<\/code>/.exec(made.body)?.[1];
    expect(key).toMatch(/^cctvk_/);
    const pushed = await call(t, key!, 'POST', '/api/v1/recordings', {});
    expect(pushed.statusCode).toBe(200);

    const again = await admin.get(url);
    expect(again.body).not.toContain(key!);
    expect(again.body).toContain('Milestone Lahti');

    const keyId = /api-keys\/([0-9a-f-]{36})\/revoke/.exec(again.body)?.[1];
    const revoked = await admin.post(`${url}/api-keys/${keyId}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect((await admin.get(String(revoked.headers.location))).body).toContain(fi.adminApiKeyRevoked);
    expect((await call(t, key!, 'POST', '/api/v1/recordings', {})).statusCode).toBe(401);
  });

  it('says what to correct: no label, a day unreadable, in the past or too far ahead', async () => {
    const integration = await t.user(['integration']);
    const url = `/admin/users/${integration.id}`;
    await admin.get(url);
    const noLabel = await admin.post(`${url}/api-keys`, { label: '', expiresOn: day(30) });
    expect(noLabel.statusCode).toBe(422);
    expect(noLabel.body).toContain('href="#label"');
    for (const expiresOn of ['huomenna', day(-2), day(400)]) {
      const res = await admin.post(`${url}/api-keys`, { label: 'x', expiresOn });
      expect(res.statusCode, expiresOn).toBe(422);
      expect(res.body, expiresOn).toContain('href="#expiresOn"');
      expect(res.body).not.toContain('issued-key');
    }
  });

  it('offers no keys to a staff account', async () => {
    const viewer = await t.user(['viewer']);
    expect((await admin.get(`/admin/users/${viewer.id}`)).body).not.toContain(fi.adminApiKeysTitle);
  });
});
