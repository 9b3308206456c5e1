import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
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
  outputDir,
  password,
  type Service,
  seedStaff,
  signIn,
  startService,
  textOf,
  typedTime,
} from './service.js';

const run = promisify(execFile);
const docsScreens = path.resolve(import.meta.dirname, '../../docs/screenshots');

let service: Service;
let browser: Browser;
let staff: Awaited<ReturnType<typeof seedStaff>>;
/** The request the first journey takes through to its end, for the pages' checks. */
let journeyRequest: string | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  service = await startService();
  const first = await service.login('admin', service.adminPassword);
  await service.api('POST', '/api/v1/auth/password', first, {
    currentPassword: service.adminPassword,
    newPassword: password,
  });
  staff = await seedStaff(service, await service.login('admin', password));
});
afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

async function signedIn(username: string, lang = 'fi'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await freshContext(browser);
  await context.addCookies([{ name: 'cctv_lang', value: lang, url: service.url }]);
  const page = await context.newPage();
  await signIn(page, service, username);
  if (lang !== 'fi') {
    await page.goto(`${service.url}/account`);
    await page.selectOption('#language-choice', lang);
    await Promise.all([page.waitForNavigation(), page.click('.language-switch button')]);
  }
  return { context, page };
}

/** Registers a police request through the form, as taken by phone; returns the request's page. */
async function registerRequest(page: Page, reference: string): Promise<string> {
  await page.goto(`${service.url}/requests/new`);
  await page.click('label[for=channel]');
  await page.fill('#requesterName', 'Ylikonstaapeli Matti Mäkinen');
  await page.fill('#organisation', 'Hämeen poliisilaitos');
  await page.fill('#contact', '0295 400 000');
  await page.fill('#reference', reference);
  await page.click('label[for=cameraIds]');
  await page.fill('#footageFrom', typedTime(180));
  await page.fill('#footageTo', typedTime(150));
  await page.fill('#statedLegalBasis', 'Esitutkinta, poliisilaki 4 luku 3 §');
  await Promise.all([
    page.waitForURL(/\/requests\/[^/]+\?done=registered$/),
    page.click('button[type=submit] >> text=Tallenna pyyntö'),
  ]);
  return page.url().replace(/\?.*$/, '');
}

const submit = async (page: Page, label: string) =>
  Promise.all([page.waitForNavigation(), page.click(`button[type=submit] >> text=${label}`)]);

describe('the responsible person and an outside request', () => {
  let requestUrl: string;

  it('a viewer takes a police call and registers it; the responsible person accepts it, copies, prints the handover record, delivers and destroys; the request closes and the chain verifies', async () => {
    const viewer = await signedIn('hkorhonen');
    requestUrl = await registerRequest(viewer.page, '5500/R/777/26');
    expect(await textOf(viewer.page, '.hds-notification--success')).toContain('Pyyntö on kirjattu.');
    await viewer.context.close();

    const { context, page } = await signedIn('lvirtanen');
    await page.goto(`${service.url}/desk`);
    const waiting = await textOf(page, '#desk-decide + ul');
    // Footage of three hours ago goes 336 h after it was recorded (R1): in 332 or 333 hours.
    expect(waiting).toContain('Ylikonstaapeli Matti Mäkinen');
    expect(waiting).toMatch(/tallenne poistuu 33[23] tunnin kuluttua/);
    await Promise.all([page.waitForNavigation(), page.click('#desk-decide + ul a')]);
    expect(page.url()).toBe(requestUrl);

    await page.click('label[for=decision-decision]');
    await page.fill('#decision-reason', 'Poliisin esitutkinta, pyyntö on perusteltu');
    await submit(page, 'Tallenna päätös');
    expect(await textOf(page, '.hds-notification--success')).toContain('Päätös on tallennettu.');

    await page.fill('#copy-medium', 'salattu USB-muisti');
    await page.fill('#copy-identifier', 'USB-0042');
    await page.fill('#copy-storageLocation', 'Takahuoneen kassakaappi');
    await submit(page, 'Tallenna kopio');
    expect(await textOf(page, '.hds-notification--success')).toContain('Kopio on kirjattu.');

    // The handover record, printed to PDF as a person would "save as PDF", on one A4.
    await page.goto(`${requestUrl}/handover`);
    await page.emulateMedia({ media: 'print' });
    const pdf = path.join(outputDir, 'handover.pdf');
    fs.mkdirSync(outputDir, { recursive: true });
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-']);
    expect(text).toContain('Tallenteen luovutuskirja');
    expect(text).toContain('5500/R/777/26');
    expect(text).toContain('USB-0042');
    expect(text).toContain('salattu USB-muisti');
    expect(text).toContain('Liisa Virtanen');
    expect(text).toContain('Vastaanottajan allekirjoitus');
    expect(text).not.toContain('Päävalikko');
    const { stdout: info } = await run('pdfinfo', [pdf]);
    expect(info).toMatch(/Pages:\s+1\n/);
    await page.emulateMedia({ media: 'screen' });

    await page.goto(requestUrl);
    const seq = (await page.getAttribute('article.copy h3', 'id'))!.replace('copy-', '');
    await page.fill(`#deliver${seq}-recipientName`, 'Matti Mäkinen');
    await page.fill(`#deliver${seq}-recipientUnit`, 'Hämeen poliisilaitos, Lahden pääpoliisiasema');
    await page.fill(`#deliver${seq}-receiptRef`, 'KUITTI-2026-15');
    await submit(page, 'Tallenna luovutus');
    expect(await textOf(page, '.hds-notification--success')).toContain('Luovutus on kirjattu.');

    await page.fill(`#destroy${seq}-method`, 'Muisti tyhjennetty ja tuhottu silppurissa');
    await submit(page, 'Tallenna hävittäminen');
    expect(await textOf(page, '.hds-notification--success')).toContain('Hävittäminen on kirjattu.');
    expect(await textOf(page, 'main > p strong')).toBe('Suljettu');
    expect(await page.locator('#request-history + ol').textContent()).toContain('Pyyntö suljettu');

    const id = requestUrl.split('/').pop()!;
    const api = await service.api<{ status: string; copies: { state: string }[] }>(
      'GET',
      `/api/v1/requests/${id}`,
      staff.responsibleToken,
    );
    expect(api.json.status).toBe('closed');
    expect(api.json.copies.map((c) => c.state)).toEqual(['destroyed']);
    const verify = await service.api<{ ok: boolean }>('GET', '/api/v1/ledger/verify', staff.responsibleToken);
    expect(verify.json.ok).toBe(true);
    journeyRequest = new URL(requestUrl).pathname;
    await context.close();
  });

  it('the registering person cannot decide their own request: no button, and a forged post is refused (R13)', async () => {
    const { context, page } = await signedIn('lvirtanen');
    const own = await registerRequest(page, 'OMA-1');
    expect(await page.locator('form[action$="/decision"]').count()).toBe(0);
    expect(await textOf(page, '#request-decision + p')).toContain('(R13)');
    // A form the page never offered, posted with the page's own form token.
    await Promise.all([
      page.waitForNavigation(),
      page.evaluate((action) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = action;
        const token = (document.querySelector('input[name=_csrf]') as HTMLInputElement).value;
        for (const [name, value] of [
          ['_csrf', token],
          ['decision-decision', 'accepted'],
          ['decision-reason', 'Hyväksyn oman kirjaukseni itse'],
        ]) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name!;
          input.value = value!;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      }, `${own}/decision`),
    ]);
    expect(await textOf(page, '#error-summary')).toContain(
      'Pyynnön kirjannut ei voi itse päättää siitä. (sääntö R13)',
    );
    const id = own.split('/').pop()!;
    const api = await service.api<{ status: string }>(
      'GET',
      `/api/v1/requests/${id}`,
      staff.responsibleToken,
    );
    expect(api.json.status).toBe('registered');
    await context.close();
  });
});

describe('every page of the desk', () => {
  /** Name → path; the refused form is reached by sending the empty form. */
  const pages = new Map<string, string>();

  beforeAll(async () => {
    const { context, page } = await signedIn('hkorhonen');
    const url = await registerRequest(page, '5500/R/888/26');
    await context.close();
    // One more whose footage goes in under 24 hours, so the desk shows an urgent one (R1).
    const hour = 3_600_000;
    const urgent = await service.api('POST', '/api/v1/requests', staff.responsibleToken, {
      requesterName: 'Rikoskomisario Anna Laine',
      organisation: 'Hämeen poliisilaitos',
      organisationIsPolice: true,
      contact: '0295 400 000',
      reference: '5500/R/999/26',
      asks: ['viewing', 'copy'],
      siteId: staff.site.id,
      cameraIds: [staff.cameras[1]],
      footageFrom: new Date(Date.now() - 330 * hour).toISOString(),
      footageTo: new Date(Date.now() - 329 * hour).toISOString(),
      statedLegalBasis: 'Esitutkinta, poliisilaki 4 luku 3 §',
      receivedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      channel: 'email',
    });
    expect(urgent.status).toBe(201);
    const local = new URL(url).pathname;
    const done = journeyRequest ?? local;
    pages.set('desk', '/desk');
    pages.set('requests', '/requests');
    pages.set('request-new', '/requests/new');
    pages.set('request-new-errors', '/requests/new#errors');
    pages.set('request', local);
    pages.set('request-closed', done);
    pages.set('handover', `${done}/handover`);
    pages.set('ledger', '/ledger');
    pages.set('export', '/export');
  });

  async function visit(page: Page, name: string): Promise<number> {
    if (name === 'request-new-errors') {
      return pageWeight(
        page,
        async () => {
          await page.fill('#requesterName', '');
          await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
        },
        () => page.goto(`${service.url}/requests/new`),
      );
    }
    return pageWeight(page, () => page.goto(`${service.url}${pages.get(name)}`));
  }

  for (const lang of langs) {
    it(`has no axe violation (WCAG 2.1 A and AA) and weighs under 150 KB, in ${lang}`, async () => {
      const failures: string[] = [];
      const weights: Record<string, number> = {};
      const { context, page } = await signedIn('lvirtanen', lang);
      for (const name of pages.keys()) {
        const bytes = await visit(page, name);
        expect(await page.getAttribute('html', 'lang'), name).toBe(lang);
        weights[name] = bytes;
        failures.push(...weightFailure(name, bytes), ...(await axeViolations(page, name)));
        if (lang === 'fi') {
          await screenshots(page, `desk-${name}`);
          if (name === 'desk' || name === 'handover') {
            await page.setViewportSize({ width: 1280, height: 900 });
            await page.screenshot({ path: path.join(docsScreens, `${name}-fi-1280.png`), fullPage: true });
          }
          await page.setViewportSize({ width: 1280, height: 900 });
        }
      }
      await context.close();
      saveWeights(lang, weights, 'weights-desk');
      expect(failures).toEqual([]);
    });
  }

  it('reflows at 320 px: no page scrolls sideways', async () => {
    const { context, page } = await signedIn('lvirtanen');
    await page.setViewportSize({ width: 320, height: 800 });
    for (const [name, target] of pages) {
      if (name === 'request-new-errors') continue;
      await page.goto(`${service.url}${target}`);
      expect(await sidewaysOverflow(page), name).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});
