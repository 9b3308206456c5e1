import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp, userPassword } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { type SiteFixture, siteWithStaff } from '../helpers/protocol.js';
import { PageClient } from '../helpers/web.js';

// A fixed clock: 7.12.2026 17.05 in Helsinki (UTC+2).
const now = new Date('2026-12-07T15:05:30Z');

describeEachDialect('web viewing pages', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  let viewer: PageClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t, new Date('2026-12-01T08:00:00Z'));
    await t.setNow(now);
    viewer = new PageClient(t);
    await viewer.signIn(f.viewer.username, userPassword);
  });
  afterAll(async () => t?.close());

  const form = (overrides: Record<string, string | string[]> = {}) => ({
    viewerId: f.viewer.id,
    viewedAt: '7.12.2026 17.00',
    siteId: f.siteId,
    cameraIds: [f.cameraIds[0]!],
    description: 'Rikottu ikkuna sisäänkäynnillä',
    footageFrom: '7.12.2026 9.00',
    footageTo: '7.12.2026 10.30',
    grounds: 'crime_investigation',
    justification: 'Henkilökunta ilmoitti ilkivallasta aamulla',
    decider: f.responsible.id,
    deciderName: '',
    ...overrides,
  });

  const entries = async () =>
    (await call(t, f.responsible.token, 'GET', `/api/v1/viewings?siteId=${f.siteId}`)).json<{
      items: {
        id: string;
        description: string;
        viewedAt: string;
        late: boolean;
        lateByMinutes: number | null;
      }[];
    }>().items;

  it('prefills the form: me as viewer, now as the time, my only site', async () => {
    const page = await viewer.get('/viewings/new');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="7.12.2026 17.05"');
    expect(page.body).toContain(`name="siteId" value="${f.siteId}"`);
    expect(page.body).toContain(`name="viewerId" value="${f.viewer.id}"`);
    // R13: a plain viewer is not offered as their own decider; the responsible person is.
    expect(page.body).toContain(`<option value="${f.responsible.id}"`);
    expect(page.body).not.toContain(`<option value="${f.viewer.id}"`);
  });

  it('logs a viewing and shows the receipt: number, time, short hash, on time', async () => {
    const res = await viewer.post('/viewings', form());
    expect(res.statusCode, res.body).toBe(303);
    const receipt = await viewer.get(res.headers.location as string);
    const stored = (await entries())[0]!;
    expect(stored.viewedAt).toBe('2026-12-07T15:00:00.000Z');
    expect(receipt.body).toContain('Kirjaus tallennettu');
    expect(receipt.body).toContain('7.12.2026 klo 17.05');
    expect(receipt.body).toContain('Kirjaus tehtiin ajallaan.');
    expect(receipt.body).toMatch(/class="hash" title="[0-9a-f]{64}">[0-9a-f]{12}</);
  });

  it('flags a late entry on the receipt with the minutes (R5)', async () => {
    const missing = await viewer.post('/viewings', form({ viewedAt: '7.12.2026 15.00' }));
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toMatch(/id="delayReason-error"[^>]*>Kirjaus on myöhässä\. Kerro, miksi/);
    const res = await viewer.post(
      '/viewings',
      form({ viewedAt: '7.12.2026 15.00', delayReason: 'Asiakaspalvelu ruuhkautui illalla' }),
    );
    const receipt = await viewer.get(res.headers.location as string);
    // 17.05.30 − 15.00 = 125.5 min, 60 allowed: 66 minutes late (rounded up).
    expect(receipt.body).toContain('Kirjaus on myöhässä 66 minuuttia (R5).');
  });

  it('brings a refused form back with every value, a summary linking to each field, and nothing stored', async () => {
    const before = (await entries()).length;
    const res = await viewer.post(
      '/viewings',
      form({
        description: 'x',
        cameraIds: [],
        grounds: '',
        footageTo: '31.2.2026 10.00',
        justification: 'Kyllä "<b>"',
      }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Korjaa nämä tiedot');
    expect(res.body).toContain('<a href="#cameraIds">Kamerat: Valitse vähintään yksi.</a>');
    // The refused form is the form page: the navigation and the language switch say so.
    expect(res.body).toContain('name="back" value="/viewings/new"');
    expect(res.body).toContain('<a href="/viewings/new" aria-current="page">');
    for (const field of ['cameraIds', 'description', 'footageTo', 'grounds']) {
      expect(res.body).toContain(`<a href="#${field}">`);
      expect(res.body).toContain(`id="${field}-error"`);
    }
    expect(res.body).toMatch(
      /id="description"[^>]*aria-invalid="true"[^>]*aria-describedby="description-error/,
    );
    expect(res.body).toContain('Kyllä &quot;&lt;b>&quot;');
    expect(res.body).toContain('value="31.2.2026 10.00"');
    expect((await entries()).length).toBe(before);
  });

  it('refuses a time in the spring gap or the autumn fold, saying so', async () => {
    const gap = await viewer.post('/viewings', form({ footageFrom: '29.3.2026 3.30' }));
    expect(gap.body).toContain('Tätä kellonaikaa ei ollut');
    const fold = await viewer.post('/viewings', form({ footageFrom: '25.10.2026 3.30' }));
    expect(fold.body).toContain('Tämä kellonaika oli kahdesti');
  });

  it('shows a domain refusal beside its field with the rule, in the chosen language (R13)', async () => {
    const self = await viewer.post('/viewings', form({ decider: f.viewer.id }));
    expect(self.statusCode).toBe(422);
    expect(self.body).toMatch(/id="decider-error"[^>]*>[^<]*\(sääntö R13\)/);
  });

  it('refuses a viewer without a right for the site with R3 beside the field and in the summary', async () => {
    const noRight = await t.user(['viewer'], [f.siteId]);
    const page = new PageClient(t);
    await page.signIn(noRight.username, userPassword);
    await page.get('/viewings/new');
    const before = (await entries()).length;
    const res = await page.post('/viewings', form({ viewerId: noRight.id }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(
      '<a href="#viewerId">Katselija: Katselijalla ei ollut katseluoikeutta tähän kohteeseen katseluhetkellä. (sääntö R3)</a>',
    );
    expect(res.body).toMatch(
      /id="viewerId-error"[^>]*>Katselijalla ei ollut katseluoikeutta[^<]*\(sääntö R3\)/,
    );
    expect(res.body).toContain('Rikottu ikkuna sisäänkäynnillä');
    expect((await entries()).length).toBe(before);
  });

  it('amends an entry with a reason: the entry page shows the original and the correction', async () => {
    const id = (await entries())[0]!.id;
    const amendPage = await viewer.get(`/viewings/${id}/amend`);
    expect(amendPage.body).toContain('value="7.12.2026 15.00"');
    const nothing = await viewer.post(
      `/viewings/${id}/amend`,
      form({ viewedAt: '7.12.2026 15.00', reason: 'ei muutosta' }),
    );
    expect(nothing.body).toContain('Et muuttanut mitään tietoa.');
    const res = await viewer.post(
      `/viewings/${id}/amend`,
      form({
        viewedAt: '7.12.2026 15.00',
        description: 'Rikottu ikkuna takaovella',
        reason: 'Väärä ovi kirjattu',
      }),
    );
    expect(res.statusCode, res.body).toBe(303);
    const entry = await viewer.get(res.headers.location as string);
    expect(entry.body).toContain('Korjaus on tallennettu.');
    expect(entry.body).toContain('Alkuperäinen kirjaus');
    expect(entry.body).toContain('Rikottu ikkuna sisäänkäynnillä');
    expect(entry.body).toContain('Rikottu ikkuna takaovella');
    expect(entry.body).toContain('Väärä ovi kirjattu');
    const stored = (await call(t, f.responsible.token, 'GET', `/api/v1/viewings/${id}`)).json<{
      amendments: { changes: Record<string, unknown> }[];
    }>();
    // Only what the person changed is in the correction: not the unchanged "estimated" flag.
    expect(Object.keys(stored.amendments[0]!.changes)).toEqual(['description']);
  });

  it('lets a responsible person log on behalf of a viewer, but not a viewer on behalf of another', async () => {
    const responsible = new PageClient(t);
    await responsible.signIn(f.responsible.username, userPassword);
    const page = await responsible.get('/viewings/new');
    expect(page.body).toContain(`<option value="${f.viewer.id}"`);
    const res = await responsible.post(
      '/viewings',
      form({ viewerId: f.viewer.id, decider: f.responsible.id }),
    );
    expect(res.statusCode, res.body).toBe(303);
    const refused = await viewer.post('/viewings', form({ viewerId: f.responsible.id }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(
      /id="viewerId-error"[^>]*>Vain kohteen vastuuhenkilö voi kirjata[^<]*\(sääntö R4\)/,
    );
  });

  describe('my viewings', () => {
    it('lists newest first, a page at a time, narrowed to a period', async () => {
      for (let i = 0; i < 21; i++) {
        await viewer.post(
          '/viewings',
          form({
            viewedAt: '6.12.2026 12.00',
            delayReason: 'Kirjattu jälkikäteen seuraavana päivänä',
            footageFrom: '6.12.2026 9.00',
            footageTo: '6.12.2026 9.30',
            description: `Katselu numero ${i}`,
          }),
        );
      }
      const first = await viewer.get('/viewings');
      expect(first.body.indexOf('Katselu numero 20')).toBeLessThan(first.body.indexOf('Katselu numero 19'));
      const older = /href="(\/viewings\?before=\d+)"/.exec(first.body)?.[1];
      expect(older).toBeDefined();
      const second = await viewer.get(older!.replaceAll('&amp;', '&'));
      expect(second.body).toContain('Katselu numero 0');
      expect(second.body).not.toContain('Katselu numero 20');
      const day = await viewer.get('/viewings?from=7.12.2026&to=7.12.2026');
      expect(day.body).not.toContain('Katselu numero');
      expect(day.body).toContain('Rikottu ikkuna');
      const bad = await viewer.get('/viewings?from=huominen');
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('Kirjoita päivä muodossa 7.12.2026.');
    });

    it('does not show another viewer’s entry', async () => {
      const id = (await entries())[0]!.id;
      const other = await t.user(['viewer'], [f.siteId]);
      const page = new PageClient(t);
      await page.signIn(other.username, userPassword);
      expect((await page.get(`/viewings/${id}`)).statusCode).toBe(404);
    });
  });
});
