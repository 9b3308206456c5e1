import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  langs,
  pageWeight,
  screenshots,
  sidewaysOverflow,
  weightFailure,
} from './page-checks.js';
import {
  freshContext,
  launchChromium,
  password,
  type Service,
  seedStaff,
  signIn,
  startService,
} from './service.js';

let service: Service;
let browser: Browser;
let staff: Awaited<ReturnType<typeof seedStaff>>;
let adminToken: string;

beforeAll(async () => {
  browser = await launchChromium();
  service = await startService();
  const first = await service.login('admin', service.adminPassword);
  await service.api('POST', '/api/v1/auth/password', first, {
    currentPassword: service.adminPassword,
    newPassword: password,
  });
  adminToken = await service.login('admin', password);
  staff = await seedStaff(service, adminToken);
  const res = await service.api('PATCH', `/api/v1/users/${staff.responsibleId}`, adminToken, {
    email: 'liisa.virtanen@kirjasto.example',
  });
  if (res.status !== 200) throw new Error(`email: ${res.status}`);
});
afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

describe('notification choices on the account page', () => {
  for (const lang of langs) {
    it(`has no axe violation and weighs under 150 KB, in ${lang}; the admin's form too`, async () => {
      const failures: string[] = [];
      for (const [user, path] of [
        ['lvirtanen', '/account'],
        ['admin', `/admin/users/${staff.responsibleId}`],
        ['admin', '/admin/notifications'],
      ] as const) {
        const context = await freshContext(browser);
        await context.addCookies([{ name: 'cctv_lang', value: lang, url: service.url }]);
        const page = await context.newPage();
        await signIn(page, service, user);
        await page.goto(`${service.url}/account`);
        await page.selectOption('#language-choice', lang);
        await Promise.all([page.waitForNavigation(), page.click('.language-switch button')]);
        const bytes = await pageWeight(page, () => page.goto(`${service.url}${path}`));
        const name = `notifications-${user}${path.replaceAll('/', '-')}`;
        failures.push(...weightFailure(name, bytes), ...(await axeViolations(page, name)));
        if (lang === 'fi') await screenshots(page, name);
        expect(await sidewaysOverflow(page), name).toBeLessThanOrEqual(0);
        await context.close();
      }
      expect(failures).toEqual([]);
    });
  }

  it('is chosen by keyboard alone, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, service, 'lvirtanen');
    await page.goto(`${service.url}/account`);
    await page.focus('#kind-daily_digest');
    await page.keyboard.press('Space');
    await page.focus('#kind-request_registered');
    await page.keyboard.press('Space');
    await page.focus('form[action="/account/notifications"] button[type=submit]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).search).toBe('?notifications');
    expect(await page.isChecked('#kind-daily_digest')).toBe(true);
    expect(await page.isChecked('#kind-request_registered')).toBe(false);
    const settings = await service.api<{ kinds: string[] }>(
      'GET',
      '/api/v1/me/notifications',
      await service.login('lvirtanen', password),
    );
    expect(settings.json.kinds).toContain('daily_digest');
    await context.close();
  });
});
