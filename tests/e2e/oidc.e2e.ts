import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fi } from '../../src/web/messages/fi.js';
import { freePort } from '../helpers/child-server.js';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { axeViolations } from './page-checks.js';
import {
  freshContext,
  launchChromium,
  password,
  type Service,
  seedStaff,
  signIn,
  startService,
  textOf,
} from './service.js';

let provider: TestProvider;
let service: Service;
let browser: Browser;
let adminToken: string;
let responsibleId: string;

beforeAll(async () => {
  browser = await launchChromium();
  const port = await freePort();
  const redirectUrl = `http://127.0.0.1:${port}/sign-in/oidc/callback`;
  provider = await startTestProvider([redirectUrl], {
    backChannelLogoutUrl: `http://127.0.0.1:${port}/sign-in/oidc/back-channel-logout`,
  });
  service = await startService({ port, env: provider.env(redirectUrl) });
  const first = await service.login('admin', service.adminPassword);
  await service.api('POST', '/api/v1/auth/password', first, {
    currentPassword: service.adminPassword,
    newPassword: password,
  });
  adminToken = await service.login('admin', password);
  const staff = await seedStaff(service, adminToken);
  responsibleId = staff.responsibleId;
  const linked = await service.api(
    'PUT',
    `/api/v1/users/${staff.responsibleId}/external-identity`,
    adminToken,
    {
      subject: 'liisa.virtanen',
    },
  );
  if (linked.status !== 200) throw new Error(`link: ${linked.status} ${JSON.stringify(linked.json)}`);
});
afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await provider?.close();
});

/** Signs in at the provider's own page, as the person would. */
async function cityLogin(page: import('playwright-core').Page, login: string) {
  await page.goto(`${service.url}/sign-in`);
  await Promise.all([page.waitForURL(`${provider.issuer}/**`), page.click('#oidc-sign-in')]);
  await page.fill('#login', login);
  await Promise.all([page.waitForURL(`${service.url}/**`), page.click('button[type=submit]')]);
}

describe('sign-in with the city account', () => {
  it('takes a linked person through the provider to the desk, and back out', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await page.goto(`${service.url}/sign-in`);
    expect(await axeViolations(page, 'sign-in with the city sign-in')).toEqual([]);
    await cityLogin(page, 'liisa.virtanen');
    expect(page.url()).toBe(`${service.url}/`);
    expect(await textOf(page, 'body')).toContain('Liisa Virtanen');
    expect(await textOf(page, 'h1')).not.toBe(fi.signInTitle);

    // Signing out ends the session here and at the provider, which sends the browser back.
    await Promise.all([
      page.waitForURL(`${provider.issuer}/**`),
      page.click(`button:has-text("${fi.signOut}")`),
    ]);
    await Promise.all([page.waitForURL(`${service.url}/**`), page.click('button[name=logout][value=yes]')]);
    expect(page.url()).toBe(`${service.url}/sign-in?signed-out`);
    expect(await textOf(page, 'main')).toContain(fi.signedOut);
    await page.goto(`${service.url}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });

  it('ends the session here when the person signs out at the provider (back-channel logout)', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await cityLogin(page, 'liisa.virtanen');
    expect(page.url()).toBe(`${service.url}/`);
    // Signing out at the provider itself, not through the service.
    await page.goto(`${provider.issuer}/session/end`);
    await Promise.all([page.waitForLoadState(), page.click('button[name=logout][value=yes]')]);
    expect(provider.backChannelErrors).toEqual([]);
    await page.goto(`${service.url}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });

  it('refuses a person whose city account is linked to no account, with a clear page', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await cityLogin(page, 'tuntematon.henkilo');
    expect(page.url()).toContain('/sign-in/oidc/callback');
    expect(await textOf(page, 'main')).toContain(fi.signInOidcNoAccount);
    expect(await axeViolations(page, 'city sign-in refused')).toEqual([]);
    // The password form is still there.
    expect(await page.locator('#password').count()).toBe(1);
    await context.close();
  });
});

describe('the admin', () => {
  it('links a city account and makes an API key on accessible pages', async () => {
    const made = await service.api<{ id: string }>('POST', '/api/v1/users', adminToken, {
      username: 'milestone',
      displayName: 'Milestone Lahti',
      password: 'an unused password for a machine',
      roles: ['integration'],
    });
    const context = await freshContext(browser);
    const page = await context.newPage();
    await signIn(page, service, 'admin');
    await page.goto(`${service.url}/admin/users/${responsibleId}`);
    expect(await page.inputValue('#subject')).toBe('liisa.virtanen');
    expect(await axeViolations(page, 'account with a city account')).toEqual([]);

    await page.goto(`${service.url}/admin/users/${made.json.id}`);
    await page.fill('#label', 'Milestone-palvelin');
    const until = new Date(Date.now() + 30 * 86_400_000);
    await page.fill('#expiresOn', `${until.getDate()}.${until.getMonth() + 1}.${until.getFullYear()}`);
    await Promise.all([
      page.waitForNavigation(),
      page.click(`button:has-text("${fi.adminApiKeyCreateButton}")`),
    ]);
    expect(await textOf(page, '#issued-key')).toMatch(/^cctvk_/);
    expect(await axeViolations(page, 'integration account with a new key')).toEqual([]);
    await context.close();
  });
});
