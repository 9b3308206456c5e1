import { afterAll, beforeAll, expect, it } from 'vitest';
import { fi } from '../../src/web/messages/fi.js';
import { adminPassword, call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { PageClient } from '../helpers/web.js';

const redirectUrl = 'http://ledger.test/sign-in/oidc/callback';

/** The admin links an account to the city's identity provider on the account's page. */
describeEachDialect('web admin: the link to the identity provider', (dialect) => {
  let provider: TestProvider;
  let t: TestApp;
  let admin: PageClient;

  beforeAll(async () => {
    provider = await startTestProvider([redirectUrl]);
    t = await startTestApp(dialect, provider.env(redirectUrl));
    admin = new PageClient(t);
    await admin.signIn('admin', adminPassword);
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  it('links, refuses an identity another account holds, and unlinks, each in the access log', async () => {
    const first = await t.user(['viewer']);
    const second = await t.user(['viewer']);
    const page = await admin.get(`/admin/users/${second.id}`);
    expect(page.body).toContain(fi.adminExternalTitle);
    expect(page.body).toContain('preferred_username');

    const linked = await admin.post(`/admin/users/${second.id}/external-identity`, { subject: 'pekka.p' });
    expect(linked.statusCode).toBe(303);
    expect((await admin.get(String(linked.headers.location))).body).toContain(fi.adminExternalLinked);
    const read = await call(t, t.adminToken, 'GET', `/api/v1/users/${second.id}/external-identity`);
    expect(read.json()).toMatchObject({ subject: 'pekka.p' });

    await admin.get(`/admin/users/${first.id}`);
    const taken = await admin.post(`/admin/users/${first.id}/external-identity`, { subject: 'pekka.p' });
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain(fi.errors.external_identity_taken);
    expect(taken.body).toContain('href="#subject"');

    await admin.get(`/admin/users/${second.id}`);
    const unlinked = await admin.post(`/admin/users/${second.id}/external-identity/delete`, {});
    expect(unlinked.statusCode).toBe(303);
    expect(
      (await call(t, t.adminToken, 'GET', `/api/v1/users/${second.id}/external-identity`)).statusCode,
    ).toBe(404);

    const rows = await t.app.database.db
      .selectFrom('audit_events')
      .select(['action', 'status'])
      .where('action', 'in', ['user.external_identity_link', 'user.external_identity_unlink'])
      .where('target_id', 'in', [first.id, second.id])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { action: 'user.external_identity_link', status: 303 },
      { action: 'user.external_identity_link', status: 422 },
      { action: 'user.external_identity_unlink', status: 303 },
    ]);
  });
});
