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
  startService,
  textOf,
} from './service.js';

let provider: TestProvider;
let service: Service;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  const port = await freePort();
  const redirectUrl = `http://127.0.0.1:${port}/sign-in/oidc/callback`;
  provider = await startTestProvider([redirectUrl]);
  service = await startService({ port, env: provider.env(redirectUrl) });
  const first = await service.login('admin', service.adminPassword);
  await service.api('POST', '/api/v1/auth/password', first, {
    currentPassword: service.adminPassword,
    newPassword: password,
  });
  const adminToken = await service.login('admin', password);
  const staff = await seedStaff(service, adminToken);
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
