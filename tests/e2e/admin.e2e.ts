import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tamper } from '../helpers/tamper.js';
import {
  axeViolations,
  langs,
  pageWeight,
  saveWeights,
  screenshots,
  sidewaysOverflow,
  weightFailure,
} from './page-checks.js';
import {
  freshContext,
  launchChromium,
  outputDir,
  password,
  type Service,
  seedStaff,
  signIn,
  startService,
  textOf,
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
  await service.cli(
    ['user', 'add', 'ttarkastaja', '--name', 'Tiina Tarkastaja', '--roles', 'auditor'],
    `${password}\n`,
  );
});
afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

/** An entry in the ledger, recorded by the viewer over the API. */
async function recordViewing(description: string) {
  const token = await service.login('hkorhonen', password);
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const res = await service.api<{ seq: number }>('POST', '/api/v1/viewings', token, {
    siteId: staff.site.id,
    cameraIds: [staff.cameras[0]],
    viewedAt: at(5),
    description,
    footageFrom: at(120),
    footageTo: at(100),
    footageTimeEstimated: false,
    grounds: 'crime_investigation',
    justification: 'Henkilökunta ilmoitti ilkivallasta aamulla',
    decidedBy: { userId: staff.responsibleId },
  });
  if (res.status !== 201) throw new Error(`viewing: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.seq;
}

describe('an auditor', () => {
  it('verifies the ledger, then against a checkpoint: intact, and broken at N after a row is altered', async () => {
    const seq = await recordViewing('Rikottu ikkuna sisäänkäynnillä');
    const context = await freshContext(browser);
    const page = await context.newPage();
    await signIn(page, service, 'ttarkastaja');
    await page.click('nav >> text=Eheys');
    await page.click('button:has-text("Tarkista kirjanpito")');
    expect(await textOf(page, '#result')).toContain(`Kirjanpito on eheä kirjaukseen ${seq} asti.`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:has-text("Lataa tarkistuspiste")'),
    ]);
    const file = path.join(outputDir, 'checkpoint.json');
    fs.mkdirSync(outputDir, { recursive: true });
    await download.saveAs(file);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ seq });

    const later = await recordViewing('Kaatunut hylly lastenosastolla');
    await page.goto(`${service.url}/audit`);
    await page.setInputFiles('#file', file);
    await page.click('button:has-text("Tarkista tiedostoa vasten")');
    expect(await textOf(page, '#result')).toContain(
      `Kirjanpito on eheä kirjaukseen ${later} asti ja jatkuu muuttumattomana tarkistuspisteen kohdasta ${seq}.`,
    );

    // Someone with write access to the database file alters the first entry behind the service's back.
    await tamper({ database: { url: `sqlite:${path.join(service.dataDir, 'cctv-ledger.db')}` } }, 'sqlite', [
      `update viewings set description = 'Ei mitään' where seq = ${seq}`,
    ]);
    await page.goto(`${service.url}/audit`);
    await page.setInputFiles('#file', file);
    await page.click('button:has-text("Tarkista tiedostoa vasten")');
    const result = await textOf(page, '#result');
    expect(result).toContain(`Kirjanpito on rikki kohdassa ${seq}.`);
    expect(result).toContain('riviä on muutettu jälkikäteen');
    await context.close();
  });
});

describe('an admin', () => {
  it('creates a viewer with a camera-system user name, and the viewer signs in and changes the password', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await signIn(page, service, 'admin');
    await page.click('nav >> text=Käyttäjät');
    await page.click('text=Lisää käyttäjä');
    await page.fill('#username', 'tkoivisto');
    await page.fill('#displayName', 'Tero Koivisto');
    await page.check('input[name=roles][value=viewer]');
    await page.check(`input[name=siteIds][value="${staff.site.id}"]`);
    await page.fill('#vmsUsernames', '[BASIC]\\tkoivisto');
    await page.fill('#password', 'tilapäinen salasana 2026');
    await page.click('button:has-text("Lisää käyttäjä") >> nth=-1');
    expect(await textOf(page, 'main')).toContain('Käyttäjä on lisätty.');
    const users = await service.api<{ items: { username: string; vmsUsernames: string[] }[] }>(
      'GET',
      '/api/v1/users',
      adminToken,
    );
    expect(users.json.items.find((u) => u.username === 'tkoivisto')?.vmsUsernames).toHaveLength(1);
    await context.close();

    const own = await freshContext(browser);
    const viewer = await own.newPage();
    await signIn(viewer, service, 'tkoivisto', 'tilapäinen salasana 2026');
    expect(new URL(viewer.url()).pathname).toBe('/account');
    await viewer.fill('#currentPassword', 'tilapäinen salasana 2026');
    await viewer.fill('#newPassword', 'oma pitkä salasana 2026');
    await viewer.fill('#repeatPassword', 'oma pitkä salasana 2026');
    await viewer.click('button:has-text("Vaihda salasana")');
    expect(await textOf(viewer, 'main')).toContain('Salasana on vaihdettu.');
    await viewer.goto(`${service.url}/`);
    expect(await textOf(viewer, 'main')).toContain('Kirjaa katselu');
    await own.close();
  });
});

/**
 * Every page of the auditor and the admin, by name: who sees it, and how it is reached (most
 * by address; a result by the form that leads to it, not counted in its weight).
 */
interface PageSpec {
  user: 'ttarkastaja' | 'admin';
  path: string;
  submit?: string;
}
const pages = new Map<string, PageSpec>();

async function open(context: BrowserContext, user: string, lang: string): Promise<Page> {
  const page = await context.newPage();
  await signIn(page, service, user);
  await page.goto(`${service.url}/account`);
  await page.selectOption('#language-choice', lang);
  await Promise.all([page.waitForNavigation(), page.click('.language-switch button')]);
  return page;
}

describe('every page of the auditor and the admin', () => {
  beforeAll(async () => {
    const users = (
      await service.api<{ items: { id: string; username: string }[] }>('GET', '/api/v1/users', adminToken)
    ).json.items;
    const camera = staff.cameras[1]!;
    pages.set('audit-ledger', { user: 'ttarkastaja', path: '/audit' });
    pages.set('audit-verified', {
      user: 'ttarkastaja',
      path: '/audit',
      submit: 'form[action="/audit/verify"] button',
    });
    pages.set('audit-log', { user: 'ttarkastaja', path: '/audit/access-log' });
    pages.set('audit-search', { user: 'ttarkastaja', path: '/audit/search' });
    pages.set('audit-search-results', {
      user: 'ttarkastaja',
      path: '/audit/search/results?by=card&term=12345678',
    });
    pages.set('admin-users', { user: 'admin', path: '/admin/users' });
    pages.set('admin-new-user', { user: 'admin', path: '/admin/users/new' });
    pages.set('admin-new-user-errors', {
      user: 'admin',
      path: '/admin/users/new',
      submit: 'main form button',
    });
    pages.set('admin-user', {
      user: 'admin',
      path: `/admin/users/${users.find((u) => u.username === 'hkorhonen')!.id}`,
    });
    pages.set('admin-sites', { user: 'admin', path: '/admin/sites' });
    pages.set('admin-site', { user: 'admin', path: `/admin/sites/${staff.site.id}` });
    pages.set('admin-camera', { user: 'admin', path: `/admin/cameras/${camera}` });
    pages.set('admin-retention', { user: 'admin', path: '/admin/retention' });
    // A camera-system name as the system writes it, to be shown as stored.
    await service.api('PATCH', `/api/v1/cameras/${camera}`, adminToken, {
      vmsNames: ['LAHTI\\Entrance <1>'],
    });
  });

  for (const lang of langs) {
    it(`has no axe violation (WCAG 2.1 A and AA) and weighs under 150 KB, in ${lang}`, async () => {
      const failures: string[] = [];
      const weights: Record<string, number> = {};
      // One signed-in browser per user visits their pages (pageWeight empties the cache for each).
      const signedIn = new Map<string, Page>();
      for (const [name, spec] of pages) {
        let page = signedIn.get(spec.user);
        if (!page) {
          page = await open(await freshContext(browser), spec.user, lang);
          signedIn.set(spec.user, page);
        }
        const url = `${service.url}${spec.path}`;
        const bytes = spec.submit
          ? await pageWeight(
              page,
              () => Promise.all([page.waitForNavigation(), page.click(spec.submit!)]),
              () => page.goto(url),
            )
          : await pageWeight(page, () => page.goto(url));
        expect(await page.getAttribute('html', 'lang'), name).toBe(lang);
        expect(await page.locator('h1').count(), name).toBe(1);
        weights[name] = bytes;
        failures.push(...weightFailure(name, bytes), ...(await axeViolations(page, name)));
        if (lang === 'fi') {
          await screenshots(page, name);
          await page.setViewportSize({ width: 1280, height: 900 });
        }
      }
      for (const page of signedIn.values()) await page.context().close();
      saveWeights(lang, weights, 'weights-admin');
      expect(failures).toEqual([]);
    });
  }

  it('reflows at 320 px: no page scrolls sideways', async () => {
    for (const user of ['ttarkastaja', 'admin'] as const) {
      const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
      const page = await open(context, user, 'fi');
      for (const [name, spec] of pages) {
        if (spec.user !== user || spec.submit) continue;
        await page.goto(`${service.url}${spec.path}`);
        expect(await sidewaysOverflow(page), name).toBeLessThanOrEqual(0);
      }
      await context.close();
    }
  });
});
