import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

let service: Service;
let browser: Browser;
let adminToken: string;
let staff: Awaited<ReturnType<typeof seedStaff>>;

beforeAll(async () => {
  browser = await launchChromium();
  service = await startService();
});
afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

/** Tabs forward until the element is focused: how a keyboard user moves between fields. */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('the first admin', () => {
  it('signs in with the printed password and must change it first', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await signIn(page, service, 'admin', service.adminPassword);
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await textOf(page, 'main')).toContain('Sait tilapäisen salasanan');
    await page.goto(`${service.url}/`);
    expect(new URL(page.url()).pathname).toBe('/account');
    await page.fill('#currentPassword', service.adminPassword);
    await page.fill('#newPassword', password);
    await page.fill('#repeatPassword', password);
    await page.click('text=Vaihda salasana >> nth=-1');
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await textOf(page, 'main')).toContain('Salasana on vaihdettu.');
    await page.goto(`${service.url}/`);
    expect(new URL(page.url()).pathname).toBe('/');
    await context.close();
    adminToken = await service.login('admin', password);
    staff = await seedStaff(service, adminToken);
  });
});

describe('a viewer', () => {
  it('logs a viewing by keyboard alone in at most 8 interactions and sees the receipt', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await page.goto(`${service.url}/sign-in`);
    await tabTo(page, '#username');
    await page.keyboard.type('hkorhonen');
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${service.url}/`);

    await tabTo(page, 'a[href="/viewings/new"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${service.url}/viewings/new`);

    let interactions = 0;
    const choose = async (selector: string, key: string) => {
      await tabTo(page, selector);
      await page.keyboard.press(key);
      interactions += 1;
    };
    const typeInto = async (selector: string, text: string, counted = true) => {
      await tabTo(page, selector);
      await page.keyboard.type(text);
      if (counted) interactions += 1;
    };
    await choose('#cameraIds', 'Space');
    await typeInto('#description', 'Rikottu ikkuna sisäänkäynnillä', false);
    await typeInto('#footageFrom', typedTime(180));
    await typeInto('#footageTo', typedTime(150));
    await choose('#grounds', 'Space');
    await typeInto('#justification', 'Henkilökunta ilmoitti ilkivallasta aamulla', false);
    await choose('#decider', 'ArrowDown');
    await tabTo(page, 'form[data-viewing-form] button[type=submit]');
    await page.keyboard.press('Enter');
    interactions += 1;
    await page.waitForURL(/\/receipt$/);

    expect(interactions).toBeLessThanOrEqual(8);
    expect((await textOf(page, 'h1')).trim()).toBe('Kirjaus tallennettu');
    expect(await textOf(page, 'main')).toContain('Kirjaus tehtiin ajallaan.');
    expect((await textOf(page, '#receipt-number')).trim()).toMatch(/^\d+$/);
    await context.close();
  });

  it('logs one late and sees the late notice with the minutes', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await signIn(page, service, 'hkorhonen');
    await page.goto(`${service.url}/viewings/new`);
    await page.fill('#viewedAt', typedTime(130));
    await page.click('label[for=cameraIds]');
    await page.fill('#description', 'Kaatunut hylly lastenosastolla');
    await page.fill('#footageFrom', typedTime(300));
    await page.fill('#footageTo', typedTime(290));
    await page.click('label[for=grounds-2]');
    await page.fill('#justification', 'Asiakas loukkaantui, selvitetään tapahtumien kulku');
    await page.selectOption('#decider', staff.responsibleId);
    // The script's live hint says so before saving (R5).
    await page.waitForSelector('#late-hint:not([hidden])');
    await page.fill('#delayReason', 'Asiakaspalvelu ruuhkautui illalla');
    expect(await textOf(page, '#late-hint')).toMatch(/myöhässä (69|70|71) minuuttia/);
    await page.click('button:has-text("Tallenna kirjaus")');
    await page.waitForURL(/\/receipt$/);
    expect(await textOf(page, 'main')).toMatch(/Kirjaus on myöhässä (69|70|71) minuuttia \(R5\)/);
    await context.close();
  });

  it('amends an entry, sees the original beside the correction, then reads it in Swedish', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await signIn(page, service, 'hkorhonen');
    await page.goto(`${service.url}/viewings`);
    await page.click('table a >> nth=-1');
    const entryUrl = page.url();
    await page.click('text=Korjaa kirjausta');
    await page.fill('#description', 'Rikottu ikkuna takaovella');
    await page.fill('#reason', 'Väärä ovi kirjattu');
    await page.click('button:has-text("Tallenna korjaus")');
    expect(page.url()).toContain(entryUrl);
    expect(await textOf(page, 'main')).toContain('Korjaus on tallennettu.');
    expect(await textOf(page, 'section:has(#original-title)')).toContain('Rikottu ikkuna sisäänkäynnillä');
    expect(await textOf(page, 'section:has(#effective-title)')).toContain('Rikottu ikkuna takaovella');
    expect(await textOf(page, 'section:has(#amendments-title)')).toContain('Väärä ovi kirjattu');

    await page.selectOption('#language-choice', 'sv');
    await page.click('button:has-text("Vaihda kieli")');
    expect(new URL(page.url()).pathname).toBe(new URL(entryUrl).pathname);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect((await textOf(page, '#original-title')).trim()).toBe('Ursprunglig anteckning');
    expect(await textOf(page, 'main')).toMatch(/\d{1,2}\.\d{1,2}\.\d{4} kl\. \d{1,2}\.\d{2}/);
    // The choice is kept on the account; back to Finnish for the journeys that follow.
    await page.selectOption('#language-choice', 'fi');
    await page.click('button:has-text("Byt språk")');
    await context.close();
  });

  it('without a right for the site is refused with R3 beside the field and in the summary; nothing is stored', async () => {
    const before = (
      await service.api<{ items: unknown[] }>('GET', '/api/v1/viewings?limit=500', staff.responsibleToken)
    ).json.items.length;
    const context = await freshContext(browser);
    const page = await context.newPage();
    await signIn(page, service, 'mnieminen');
    await page.goto(`${service.url}/viewings/new`);
    await page.click('label[for=cameraIds]');
    await page.fill('#description', 'Yritys katsoa ilman oikeutta');
    await page.fill('#footageFrom', typedTime(120));
    await page.fill('#footageTo', typedTime(100));
    await page.click('label[for=grounds]');
    await page.fill('#justification', 'Tämän ei pitäisi onnistua ilman katseluoikeutta');
    await page.selectOption('#decider', staff.responsibleId);
    await page.click('button:has-text("Tallenna kirjaus")');
    expect(await textOf(page, '#error-summary')).toContain('sääntö R3');
    expect(await textOf(page, '#viewerId-error')).toContain('katseluoikeutta');
    expect(await textOf(page, '#viewerId-error')).toContain('sääntö R3');
    expect(await page.getAttribute('#viewerId', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#description')).toBe('Yritys katsoa ilman oikeutta');
    expect(await page.inputValue('#justification')).toBe('Tämän ei pitäisi onnistua ilman katseluoikeutta');
    expect(await page.isChecked('#cameraIds')).toBe(true);
    const after = (
      await service.api<{ items: unknown[] }>('GET', '/api/v1/viewings?limit=500', staff.responsibleToken)
    ).json.items.length;
    expect(after).toBe(before);
    await context.close();
  });
});

describe('security', () => {
  it('refuses a post without its token; the cookie is HttpOnly and SameSite; a cookie cannot call the API', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await signIn(page, service, 'hkorhonen');
    const cookie = (await context.cookies()).find((c) => c.name === 'cctv_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const forged = await page.request.post(`${service.url}/language`, {
      form: { lang: 'en', back: '/' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    const api = await page.request.get(`${service.url}/api/v1/me`);
    expect(api.status()).toBe(401);
    await context.close();
  });

  it('after sign-out the old cookie opens nothing', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await signIn(page, service, 'hkorhonen');
    const old = (await context.cookies()).find((c) => c.name === 'cctv_session')!;
    await page.click('button:has-text("Kirjaudu ulos")');
    expect(await textOf(page, 'main')).toContain('Olet kirjautunut ulos.');
    await context.addCookies([old]);
    await page.goto(`${service.url}/viewings`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });

  it('a session of a user disabled meanwhile dies at the next request', async () => {
    await service.cli(
      ['user', 'add', 'tvirta', '--name', 'Tiina Virta', '--roles', 'viewer', '--sites', staff.site.id],
      `${password}\n`,
    );
    const context = await freshContext(browser);
    const page = await context.newPage();
    await signIn(page, service, 'tvirta');
    await page.goto(`${service.url}/viewings`);
    expect(new URL(page.url()).pathname).toBe('/viewings');
    await service.cli(['user', 'disable', 'tvirta']);
    await page.goto(`${service.url}/viewings`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });
});

describe('stored text', () => {
  it('is shown as text on every page that shows it: no script runs, no dialog opens', async () => {
    const hostile = {
      description:
        '<script>window.__xss = 1; alert(1)</script> "><img src=x onerror="window.__xss = 2; alert(2)">',
      justification:
        'Katso <a href="javascript:alert(3)">tästä</a> [linkki](javascript:alert(4)) javascript:alert(5)',
    };
    const context = await freshContext(browser);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await signIn(page, service, 'hkorhonen');
    await page.goto(`${service.url}/viewings/new`);
    await page.click('label[for=cameraIds]');
    await page.fill('#description', hostile.description);
    await page.fill('#footageFrom', typedTime(60));
    await page.fill('#footageTo', typedTime(50));
    await page.click('label[for=grounds]');
    await page.fill('#justification', hostile.justification);
    await page.fill('#deciderName', '<img src=x onerror=alert(6)>');
    await page.click('button:has-text("Tallenna kirjaus")');
    await page.waitForURL(/\/receipt$/);
    await page.click('text=Näytä kirjaus');
    const entryUrl = page.url();
    await page.click('text=Korjaa kirjausta');
    await page.fill('#reason', '<script>alert(7)</script> korjaus');
    await page.fill('#justification', `${hostile.justification} (korjattu)`);
    await page.click('button:has-text("Tallenna korjaus")');
    for (const url of [entryUrl, `${service.url}/viewings`, `${entryUrl}/amend`]) {
      await page.goto(url);
      const shown = url.endsWith('/amend')
        ? await page.inputValue('#description')
        : await textOf(page, 'main');
      expect(shown).toContain('<script>window.__xss = 1; alert(1)</script>');
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.locator('main img, main script, main a[href^="javascript:"]').count()).toBe(0);
    }
    await page.goto(entryUrl);
    expect(await textOf(page, 'main')).toContain('<img src=x onerror=alert(6)>');
    expect(await textOf(page, 'main')).toContain('<script>alert(7)</script> korjaus');
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
