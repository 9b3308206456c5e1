import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminPassword, call, startTestApp, type TestApp, userPassword } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { PageClient } from '../helpers/web.js';

describeEachDialect('web account: notifications by e-mail', (dialect) => {
  let t: TestApp;
  let responsible: { id: string; username: string; token: string };
  let page: PageClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const site = await t.site();
    responsible = await t.user(['responsible'], [site], { email: 'vastuu@kirjasto.example' });
    page = new PageClient(t);
    await page.signIn(responsible.username, userPassword);
  });
  afterAll(async () => t?.close());

  it('shows the address, lists the kinds always sent and offers the others, default ones ticked', async () => {
    const res = await page.get('/account');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Ilmoitukset lähetetään osoitteeseen vastuu@kirjasto.example');
    expect(res.body).toContain('<li>Luovutettu kopio hävittämättä (lähetetään aina)</li>');
    expect(res.body).toMatch(/id="kind-request_registered"[^>]*checked/);
    expect(res.body).not.toMatch(/id="kind-daily_digest"[^>]*checked/);
    expect(res.body).not.toContain('id="kind-copy_overdue"');
    expect(res.body).not.toContain('id="kind-purge_late"'); // for auditors and admins
  });

  it('saves the choice with a plain form post and says so', async () => {
    const saved = await page.post('/account/notifications', { 'kind-daily_digest': 'on' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/account?notifications');
    const after = await page.get('/account?notifications');
    expect(after.body).toContain('Ilmoitusvalinnat on tallennettu.');
    expect(after.body).toMatch(/id="kind-daily_digest"[^>]*checked/);
    expect(after.body).not.toMatch(/id="kind-request_registered"[^>]*checked/);
    const api = await call(t, responsible.token, 'GET', '/api/v1/me/notifications');
    expect(api.json().kinds).toEqual([
      'request_footage_24h',
      'request_footage_4h',
      'copy_overdue',
      'daily_digest',
    ]);
  });

  it('refuses the post without the form token and changes nothing', async () => {
    const res = await page.post('/account/notifications', { 'kind-request_registered': 'on' }, false);
    expect(res.statusCode).toBe(403);
    const api = await call(t, responsible.token, 'GET', '/api/v1/me/notifications');
    expect(api.json().kinds).not.toContain('request_registered');
  });

  it('lets the admin set an address on the account form, and refuses one that is not an address', async () => {
    const admin = new PageClient(t);
    await admin.signIn('admin', adminPassword);
    const form = await admin.get(`/admin/users/${responsible.id}`);
    expect(form.body).toContain('value="vastuu@kirjasto.example"');
    const user = (await call(t, t.adminToken, 'GET', `/api/v1/users/${responsible.id}`)).json();
    const fields = {
      displayName: user.displayName,
      roles: user.roles,
      siteIds: user.siteIds,
      vmsUsernames: '',
    };
    const bad = await admin.post(`/admin/users/${responsible.id}`, { ...fields, email: 'not an address' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#email"');
    const good = await admin.post(`/admin/users/${responsible.id}`, {
      ...fields,
      email: 'uusi@kirjasto.example',
    });
    expect(good.statusCode, good.body).toBe(303);
    expect((await call(t, responsible.token, 'GET', '/api/v1/me/notifications')).json().email).toBe(
      'uusi@kirjasto.example',
    );
  });

  it('shows the admin that notifications are off without a relay, and nobody else the page', async () => {
    const admin = new PageClient(t);
    await admin.signIn('admin', adminPassword);
    const res = await admin.get('/admin/notifications');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Ilmoitukset eivät ole käytössä');
    expect(res.body).toContain('href="/admin/notifications"');
    expect((await page.get('/admin/notifications')).statusCode).toBe(403);
  });
});
