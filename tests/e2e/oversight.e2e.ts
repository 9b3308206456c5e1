import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
  textOf,
  typedTime,
} from './service.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'tests', 'fixtures', 'vms');

let service: Service;
let browser: Browser;
let staff: Awaited<ReturnType<typeof seedStaff>>;
/** Every page of this part by name: its path, filled in as the journeys reach it. */
const pages = new Map<string, string>();
const local = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

beforeAll(async () => {
  browser = await launchChromium();
  service = await startService();
  const first = await service.login('admin', service.adminPassword);
  await service.api('POST', '/api/v1/auth/password', first, {
    currentPassword: service.adminPassword,
    newPassword: password,
  });
  const admin = await service.login('admin', password);
  staff = await seedStaff(service, admin);
  // The person the camera-system fixtures name (14 March 2025), with a right since January.
  const created = await service.api<{ id: string }>('POST', '/api/v1/users', admin, {
    username: 'hkorhonen-vms',
    displayName: 'Heikki Korhonen (VMS)',
    password,
    roles: ['viewer'],
    siteIds: [staff.site.id],
    vmsUsernames: ['hkorhonen'],
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const right = await service.api('POST', '/api/v1/viewing-rights', staff.responsibleToken, {
    userId: created.json.id,
    siteId: staff.site.id,
    commitmentRef: 'DYNASTY-2025-1',
    commitmentSignedOn: '2025-01-01',
    validFrom: '2025-01-02T08:00:00+02:00',
    reason: 'Siirretty vanhasta katseluoikeusrekisteristä',
  });
  expect(right.status, JSON.stringify(right.json)).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

async function uploadLog(page: Page, file: string, profile: string) {
  await page.goto(`${service.url}/vms-imports`);
  await page.setInputFiles('#file', path.join(fixtures, file));
  await page.selectOption('#profile', profile);
  await page.selectOption('#timeZone', 'Europe/Helsinki');
  // The script sends the form with a progress bar, then opens the report.
  await Promise.all([
    page.waitForURL(/\/vms-imports\/[0-9a-f-]+$/),
    page.click('form[data-upload-form] button[type=submit]'),
  ]);
  return page;
}

describe('a responsible person reconciles the camera-system logs with the ledger', () => {
  it('uploads two exports, runs a reconciliation, follows a finding’s evidence and resolves it', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await signIn(page, service, 'lvirtanen');

    await uploadLog(page, 'milestone-utf8-bom.csv', 'milestone-xprotect');
    expect(await textOf(page, 'h1')).toBe('Tuontiraportti');
    expect(await page.locator('dt:has-text("Rivejä luettu") + dd').textContent()).toBe('3');
    pages.set('import-report', local(page.url()));

    await uploadLog(page, 'nx-witness.csv', 'nx-witness-csv');
    expect(await page.locator('dt:has-text("Rivejä luettu") + dd').textContent()).toBe('5');
    pages.set('imports', '/vms-imports');

    // Remembered per site: the last import's profile is chosen for the next one.
    await page.goto(`${service.url}/vms-imports`);
    expect(await page.inputValue('#profile')).toBe('nx-witness-csv');
    const imported = await page.locator('table tbody tr').allTextContents();
    expect(
      imported.filter((r) => r.includes('milestone-utf8-bom.csv')),
      imported.join('\n'),
    ).toHaveLength(1);

    await page.goto(`${service.url}/reconciliations`);
    await page.fill('#from', '14.3.2025');
    await page.fill('#to', '15.3.2025');
    await Promise.all([
      page.waitForURL(/\/reconciliations\/[0-9a-f-]+$/),
      page.click('form[action="/reconciliations"] button[type=submit]'),
    ]);
    pages.set('reconciliations', '/reconciliations');
    pages.set('run', local(page.url()));
    expect(await page.locator('body').textContent()).not.toContain('unlogged_viewing');

    await Promise.all([
      page.waitForURL(/\/findings\/[0-9a-f-]+$/),
      page.click('table a:has-text("Kirjaamaton katselu")'),
    ]);
    pages.set('finding', local(page.url()));
    expect(await textOf(page, 'h1')).toBe('Havainto: Kirjaamaton katselu');

    await Promise.all([page.waitForURL(/\/session$/), page.click('a:has-text("Järjestelmän istunto")')]);
    pages.set('session', local(page.url()));
    expect(await textOf(page, 'h1')).toBe('Järjestelmän istunto');
    expect(await page.locator('td:has-text("Tallenteen katselu")').count()).toBeGreaterThan(0);
    expect(await page.locator('td:has-text("hkorhonen")').count()).toBeGreaterThan(0);

    await Promise.all([
      page.waitForURL(/\/findings\/[0-9a-f-]+$/),
      page.click('a:has-text("Takaisin havaintoon")'),
    ]);
    const note = 'Katselu kirjattiin paperille; siirretty kirjanpitoon';
    await page.fill('#note', note);
    await Promise.all([page.waitForURL(/\?resolved$/), page.click('button:has-text("Kuittaa havainto")')]);
    expect(await page.locator('body').textContent()).toContain('Havainto on kuitattu.');
    await context.close();

    const token = await service.login('lvirtanen', password);
    const res = await fetch(`${service.url}/api/v1/exports/ledger.xlsx?from=2025-03-14&to=2025-03-15`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const cells: string[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          cells.push(String(cell.value));
        }),
      ),
    );
    expect(cells).toContain(note);
  });
});

describe('a responsible person manages viewing rights', () => {
  it('grants a right, revokes it, and reads the history', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await signIn(page, service, 'lvirtanen');
    await page.goto(`${service.url}/rights`);
    pages.set('rights', '/rights');
    await page.selectOption('#userId', staff.noRightId);
    await page.fill('#commitmentRef', 'DYNASTY-2026-900');
    const today = new Date().toLocaleDateString('fi-FI', { timeZone: 'Europe/Helsinki' });
    await page.fill('#commitmentSignedOn', today);
    await Promise.all([page.waitForURL(/\/rights\/history/), page.click('button:has-text("Myönnä oikeus")')]);
    expect(await page.locator('body').textContent()).toContain('Katseluoikeus on myönnetty.');
    pages.set('history', local(page.url()).replace(/&granted$/, ''));

    const row = page.locator('tr', { hasText: 'Matti Nieminen' });
    await Promise.all([page.waitForURL(/\/revoke$/), row.locator('a:has-text("Peru oikeus")').click()]);
    await page.fill('#reason', 'Työtehtävät muuttuivat, katselua ei enää tarvita');
    await Promise.all([page.waitForURL(/&revoked$/), page.click('button:has-text("Peru oikeus")')]);
    expect(await page.locator('body').textContent()).toContain('Katseluoikeus on peruttu.');

    await page.goto(`${service.url}/rights/history?history-person=${staff.noRightId}`);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('DYNASTY-2026-900');
    expect(text).toContain('Työtehtävät muuttuivat, katselua ei enää tarvita');
    expect(text).toMatch(/Peruttu \d/);

    pages.set('who-could-view', `/rights/at?at-site=${staff.site.id}&at=${encodeURIComponent(typedTime(0))}`);
    const viewerRight = await service.api<{ items: { id: string }[] }>(
      'GET',
      `/api/v1/viewing-rights?userId=${staff.viewerId}`,
      staff.responsibleToken,
    );
    pages.set('revoke', `/rights/${viewerRight.json.items[0]!.id}/revoke`);
    await context.close();
  });
});

/** A browser in the language, signed in as the responsible person. */
async function open(context: BrowserContext, lang: string): Promise<Page> {
  await context.addCookies([{ name: 'cctv_lang', value: lang, url: service.url }]);
  const page = await context.newPage();
  await signIn(page, service, 'lvirtanen');
  await page.goto(`${service.url}/account`);
  await page.selectOption('#language-choice', lang);
  await Promise.all([page.waitForNavigation(), page.click('.language-switch button')]);
  return page;
}

describe('every page of viewing rights, system logs and reconciliation', () => {
  for (const lang of langs) {
    it(`has no axe violation (WCAG 2.1 A and AA) and weighs under 150 KB, in ${lang}`, async () => {
      expect([...pages.keys()].sort()).toEqual(
        [
          'finding',
          'history',
          'import-report',
          'imports',
          'reconciliations',
          'revoke',
          'rights',
          'run',
          'session',
          'who-could-view',
        ].sort(),
      );
      const failures: string[] = [];
      const context = await freshContext(browser);
      const page = await open(context, lang);
      for (const [name, target] of pages) {
        const bytes = await pageWeight(page, () => page.goto(`${service.url}${target}`));
        expect(await page.getAttribute('html', 'lang'), name).toBe(lang);
        expect(await page.title(), name).not.toMatch(/Sivua ei löydy|Page not found|Sidan hittas inte/);
        failures.push(...weightFailure(name, bytes), ...(await axeViolations(page, name)));
        if (lang === 'fi') {
          await screenshots(page, `oversight-${name}`);
          await page.setViewportSize({ width: 1280, height: 900 });
        }
      }
      await context.close();
      expect(failures).toEqual([]);
    });
  }

  it('reflows at 320 px: no page scrolls sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await open(context, 'fi');
    for (const [name, target] of pages) {
      await page.goto(`${service.url}${target}`);
      expect(await sidewaysOverflow(page), name).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});
