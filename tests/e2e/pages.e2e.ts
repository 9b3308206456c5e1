import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  password,
  type Service,
  seedStaff,
  signIn,
  startService,
  typedTime,
} from './service.js';

let service: Service;
let browser: Browser;
let staff: Awaited<ReturnType<typeof seedStaff>>;
/** Every page of the viewer's path, by name: its path (the sign-in page is visited signed out). */
const pages = new Map<string, string>();

async function logViewing(page: Page, description: string) {
  await page.goto(`${service.url}/viewings/new`);
  await page.click('label[for=cameraIds]');
  await page.fill('#description', description);
  await page.fill('#footageFrom', typedTime(120));
  await page.fill('#footageTo', typedTime(100));
  await page.click('label[for=grounds]');
  await page.fill('#justification', 'Henkilökunta ilmoitti ilkivallasta aamulla');
  await page.selectOption('#decider', staff.responsibleId);
  await Promise.all([
    page.waitForURL(/\/receipt$/),
    page.click('form[data-viewing-form] button[type=submit]'),
  ]);
  return page.url();
}

beforeAll(async () => {
  browser = await launchChromium();
  service = await startService();
  const first = await service.login('admin', service.adminPassword);
  await service.api('POST', '/api/v1/auth/password', first, {
    currentPassword: service.adminPassword,
    newPassword: password,
  });
  staff = await seedStaff(service, await service.login('admin', password));
  const context = await freshContext(browser);
  const page = await context.newPage();
  await signIn(page, service, 'hkorhonen');
  const receipt = await logViewing(page, 'Rikottu ikkuna sisäänkäynnillä');
  const entry = receipt.replace(/\/receipt$/, '');
  await page.goto(`${entry}/amend`);
  await page.fill('#description', 'Rikottu ikkuna takaovella');
  await page.fill('#reason', 'Väärä ovi kirjattu');
  await page.click('button:has-text("Tallenna korjaus")');
  await context.close();
  const local = (url: string) => new URL(url).pathname;
  pages.set('sign-in', '/sign-in');
  pages.set('home', '/');
  pages.set('account', '/account');
  pages.set('form', '/viewings/new');
  pages.set('form-errors', '/viewings/new#errors');
  pages.set('receipt', local(receipt));
  pages.set('my-viewings', '/viewings');
  pages.set('entry', local(entry));
  pages.set('amend', `${local(entry)}/amend`);
});
afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

/** A browser in the language, signed in as the viewer unless the page is the sign-in page. */
async function open(context: BrowserContext, name: string, lang: string): Promise<Page> {
  await context.addCookies([{ name: 'cctv_lang', value: lang, url: service.url }]);
  const page = await context.newPage();
  if (name !== 'sign-in') {
    await signIn(page, service, 'hkorhonen');
    await page.goto(`${service.url}/account`);
    await page.selectOption('#language-choice', lang);
    await Promise.all([page.waitForNavigation(), page.click('.language-switch button')]);
  }
  return page;
}

/** Loads the page (the refused form by submitting the empty form) and weighs it. */
async function visit(page: Page, name: string): Promise<number> {
  if (name === 'form-errors') {
    return pageWeight(
      page,
      () =>
        Promise.all([page.waitForNavigation(), page.click('form[data-viewing-form] button[type=submit]')]),
      () => page.goto(`${service.url}/viewings/new`),
    );
  }
  return pageWeight(page, () => page.goto(`${service.url}${pages.get(name)}`));
}

describe('every page', () => {
  for (const lang of langs) {
    it(`has no axe violation (WCAG 2.1 A and AA) and weighs under 150 KB, in ${lang}`, async () => {
      const failures: string[] = [];
      const weights: Record<string, number> = {};
      // One signed-in browser visits every page (pageWeight empties the cache for each); the
      // sign-in page gets a browser of its own.
      const context = await freshContext(browser);
      const signedIn = await open(context, 'home', lang);
      for (const name of pages.keys()) {
        const own = name === 'sign-in' ? await freshContext(browser) : null;
        const page = own ? await open(own, name, lang) : signedIn;
        const bytes = await visit(page, name);
        expect(await page.getAttribute('html', 'lang'), name).toBe(lang);
        weights[name] = bytes;
        failures.push(...weightFailure(name, bytes), ...(await axeViolations(page, name)));
        if (lang === 'fi') {
          await screenshots(page, name);
          await page.setViewportSize({ width: 1280, height: 900 });
        }
        await own?.close();
      }
      await context.close();
      saveWeights(lang, weights);
      expect(failures).toEqual([]);
    });
  }

  it('reflows at 320 px: no page scrolls sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await open(context, 'home', 'fi');
    for (const name of pages.keys()) {
      if (name === 'sign-in' || name === 'form-errors') continue;
      await page.goto(`${service.url}${pages.get(name)}`);
      expect(await sidewaysOverflow(page), name).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});
