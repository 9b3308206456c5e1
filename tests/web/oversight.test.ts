import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp, userPassword } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { multipartBody } from '../helpers/multipart.js';
import { vmsWorld } from '../helpers/vms-world.js';
import { PageClient } from '../helpers/web.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/vms');

describeEachDialect('web camera-system log and reconciliation pages', (dialect) => {
  let t: TestApp;
  let siteId: string;
  let responsible: { id: string; username: string; token: string };
  let page: PageClient;
  let viewer: PageClient;
  let auditor: PageClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const w = await vmsWorld(t);
    siteId = w.siteId;
    responsible = w.responsible;
    page = new PageClient(t);
    await page.signIn(responsible.username, userPassword);
    viewer = new PageClient(t);
    await viewer.signIn(w.heikki.username, userPassword);
    const audit = await t.user(['auditor']);
    auditor = new PageClient(t);
    await auditor.signIn(audit.username, userPassword);
  });
  afterAll(async () => t?.close());

  /** Posts the upload form as a browser does, with the page's cookies and form token. */
  async function upload(
    fields: Record<string, string>,
    file: string,
    content?: Buffer | string,
    headers: Record<string, string> = {},
  ) {
    const body = multipartBody(
      { _csrf: page.csrf(), siteId, ...fields },
      { name: file, content: content ?? fs.readFileSync(path.join(fixtures, file)) },
    );
    return t.app.inject({
      method: 'POST',
      url: '/vms-imports',
      payload: body.payload,
      headers: { ...body.headers, ...headers, cookie: page.cookieHeader() },
    });
  }

  const imports = async () =>
    (await call(t, responsible.token, 'GET', `/api/v1/vms-imports?siteId=${siteId}`)).json<{
      items: { id: string; profile: string }[];
    }>().items;

  it('imports a Milestone export and shows its report', async () => {
    const form = await page.get('/vms-imports');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    const res = await upload(
      { profile: 'milestone-xprotect', timeZone: 'Europe/Helsinki' },
      'milestone-utf8-bom.csv',
    );
    expect(res.statusCode, res.body).toBe(303);
    const report = await page.get(res.headers.location as string);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Loki on tuotu.');
    expect(report.body).toMatch(/<dt>Rivejä luettu<\/dt><dd>3<\/dd>/);
    expect(report.body).toMatch(/<dt>Tapahtumia tallennettu<\/dt><dd>3<\/dd>/);
  });

  it('remembers the site’s last profile and time zone on the upload form', async () => {
    await call(t, responsible.token, 'GET', '/api/v1/vms-profiles');
    const form = await page.get(`/vms-imports?siteId=${siteId}`);
    expect(form.body).toContain('Valittuna kohteen edellisen tuonnin järjestelmä ja aikavyöhyke.');
    expect(form.body).toMatch(/<option value="milestone-xprotect" selected/);
    expect(form.body).toMatch(/<option value="Europe\/Helsinki" selected/);
    expect(form.body).toContain('milestone-utf8-bom.csv');
  });

  it('answers the page script’s upload with the report’s address instead of a redirect', async () => {
    const res = await upload(
      { profile: 'nx-witness-csv', timeZone: 'Europe/Helsinki' },
      'nx-witness.csv',
      undefined,
      { 'x-upload-progress': '1' },
    );
    expect(res.statusCode, res.body).toBe(201);
    const [newest] = await imports();
    expect(res.headers.location).toBe(`/vms-imports/${newest!.id}`);
    expect(newest!.profile).toBe('nx-witness-csv');
  });

  it('refuses rows with errors all or nothing, listing line and reason in words', async () => {
    const before = (await imports()).length;
    const res = await upload({ profile: 'generic', timeZone: 'Europe/Helsinki' }, 'bad-rows.csv');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Lokia ei tuotu');
    expect(res.body).toContain('Tiedoston riveillä on virheitä; mitään ei tuotu.');
    expect(res.body).toMatch(/<td data-label="Rivi">\d+<\/td>/);
    expect(res.body).not.toMatch(/>(bad_time|missing_value|bad_record)</);
    expect((await imports()).length).toBe(before);
  });

  it('refuses an upload without a time zone, naming the field, and stores nothing', async () => {
    const before = (await imports()).length;
    const res = await upload({ profile: 'nx-witness-csv' }, 'nx-witness.csv');
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="timeZone-error"[^>]*>Tämä tieto puuttuu/);
    expect((await imports()).length).toBe(before);
  });

  it('says at once when every import slot is taken (IMPORTS_MAX_CONCURRENT), storing nothing', async () => {
    const held: (() => void)[] = [];
    for (let release = t.app.importSlots.take(); release; release = t.app.importSlots.take())
      held.push(release);
    const before = (await imports()).length;
    try {
      const res = await upload({ profile: 'nx-witness-csv', timeZone: 'Europe/Helsinki' }, 'nx-witness.csv');
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toContain('Toinen tuonti on käynnissä.');
    } finally {
      for (const release of held) release();
    }
    expect((await imports()).length).toBe(before);
  });

  it('refuses an upload without the form token', async () => {
    const body = multipartBody(
      { siteId, profile: 'nx-witness-csv', timeZone: 'Europe/Helsinki' },
      { name: 'nx-witness.csv', content: fs.readFileSync(path.join(fixtures, 'nx-witness.csv')) },
    );
    const before = (await imports()).length;
    const res = await t.app.inject({
      method: 'POST',
      url: '/vms-imports',
      payload: body.payload,
      headers: { ...body.headers, cookie: page.cookieHeader() },
    });
    expect(res.statusCode).toBe(403);
    expect((await imports()).length).toBe(before);
  });

  it('runs a reconciliation, lists findings by kind in words, and resolves one with a note', async () => {
    await page.get('/reconciliations');
    const bad = await page.post('/reconciliations', { from: '16.3.2025', to: '14.3.2025' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="from-error"[^>]*>Jakso päättyy ennen kuin se alkaa/);
    const res = await page.post('/reconciliations', { from: '14.3.2025', to: '15.3.2025' });
    expect(res.statusCode, res.body).toBe(303);
    const run = await page.get(res.headers.location as string);
    expect(run.body).toMatch(/Kirjaamaton katselu \([1-9]\d*\)/);
    expect(run.body).not.toContain('>unlogged_viewing<');
    expect(run.body).toContain('<li>Saman istunnon tapahtumien enimmäisväli: 10 min</li>');
    expect(run.body).toContain('<li>Tallenteiden säilytysaika: 336 h</li>');
    const link = /href="(\/findings\/[^"]+)">Kirjaamaton katselu</.exec(run.body)?.[1];
    expect(link).toBeTruthy();

    const finding = await page.get(link!);
    expect(finding.statusCode).toBe(200);
    expect(finding.body).toContain('Tallenteita katseltiin, mutta kirjanpidossa ei ole katselua');
    const session = await page.get(`${link}/session`);
    expect(session.body).toContain('Tallenteen katselu');
    expect(session.body).toContain('[BASIC]\\hkorhonen');

    const short = await page.post(`${link}/resolution`, { note: 'ok' });
    expect(short.statusCode).toBe(422);
    expect(short.body).toMatch(/id="note-error"[^>]*>Kirjoita vähintään 10 merkkiä/);
    const forged = await viewer.post(`${link}/resolution`, { note: 'Väärennetty kuittaus tähän' });
    expect(forged.statusCode).toBe(403);
    const byAuditor = await auditor.get(link!);
    expect(byAuditor.body).not.toContain('name="note"');
    const resolved = await page.post(`${link}/resolution`, {
      note: 'Katselu kirjattiin paperille; siirretty kirjanpitoon',
    });
    expect(resolved.statusCode).toBe(303);
    const after = await page.get(resolved.headers.location as string);
    expect(after.body).toContain('Havainto on kuitattu.');
    expect(after.body).toContain('Katselu kirjattiin paperille; siirretty kirjanpitoon');

    const runs = await page.get('/reconciliations');
    expect(runs.body).toContain('14.3.2025 – 15.3.2025');
    expect(runs.body).toContain('istuntoväli 10 min, toleranssi 30 min');
  });

  it('shows a viewer none of these links and refuses the pages', async () => {
    const home = await viewer.get('/');
    for (const href of ['/rights', '/vms-imports', '/reconciliations'])
      expect(home.body).not.toContain(`href="${href}"`);
    expect((await viewer.get('/vms-imports')).statusCode).toBe(403);
    expect((await viewer.get('/reconciliations')).statusCode).toBe(403);
    const forged = await viewer.post('/reconciliations', { from: '14.3.2025', to: '15.3.2025' });
    expect(forged.statusCode).toBe(403);
    const mine = await page.get('/');
    for (const href of ['/vms-imports', '/reconciliations']) expect(mine.body).toContain(`href="${href}"`);
  });
});
