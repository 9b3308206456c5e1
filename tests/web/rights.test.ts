import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp, userPassword } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { type SiteFixture, siteWithStaff } from '../helpers/protocol.js';
import { PageClient } from '../helpers/web.js';

// 7.12.2026 17.05 in Helsinki (UTC+2).
const now = new Date('2026-12-07T15:05:30Z');

describeEachDialect('web viewing-rights pages', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  let newcomer: { id: string; username: string; token: string };
  let responsible: PageClient;
  let viewer: PageClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t, new Date('2026-12-01T08:00:00Z'));
    newcomer = await t.user(['viewer'], [f.siteId]);
    await t.setNow(now);
    responsible = new PageClient(t);
    await responsible.signIn(f.responsible.username, userPassword);
    viewer = new PageClient(t);
    await viewer.signIn(f.viewer.username, userPassword);
  });
  afterAll(async () => t?.close());

  const rightsOf = async (userId: string) =>
    (await call(t, f.responsible.token, 'GET', `/api/v1/viewing-rights?userId=${userId}`)).json<{
      items: {
        id: string;
        validFrom: string;
        revocation: { reason: string } | null;
        confirmation: { confirmedBy: string | null };
      }[];
    }>().items;

  const grantForm = (overrides: Record<string, string> = {}) => ({
    userId: newcomer.id,
    siteId: f.siteId,
    commitmentRef: 'DYNASTY-2026-501',
    commitmentSignedOn: '5.12.2026',
    validFrom: '',
    reason: '',
    ...overrides,
  });

  it('refuses a grant without its commitment, naming the fields, and stores nothing', async () => {
    await responsible.get('/rights');
    const res = await responsible.post(
      '/rights',
      grantForm({ commitmentRef: '', commitmentSignedOn: '5/12' }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="commitmentRef-error"[^>]*>Tämä tieto puuttuu/);
    expect(res.body).toMatch(/id="commitmentSignedOn-error"[^>]*>Kirjoita päivä muodossa 7\.12\.2026/);
    expect(await rightsOf(newcomer.id)).toEqual([]);
  });

  it('asks why a right is back-dated by more than a day (R3)', async () => {
    const res = await responsible.post('/rights', grantForm({ validFrom: '5.12.2026 9.00' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="reason-error"[^>]*>Anna perustelu: oikeus alkaa takautuvasti/);
    expect(await rightsOf(newcomer.id)).toEqual([]);
  });

  it('grants a right and shows it in the site’s history', async () => {
    const res = await responsible.post('/rights', grantForm());
    expect(res.statusCode, res.body).toBe(303);
    const history = await responsible.get(res.headers.location as string);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Katseluoikeus on myönnetty.');
    expect(history.body).toContain('DYNASTY-2026-501, allekirjoitettu 5.12.2026');
    const [right] = await rightsOf(newcomer.id);
    expect(right?.validFrom).toBe(now.toISOString());
  });

  it('answers who could view the site at a typed time, and refuses a time in the DST gap', async () => {
    const before = await responsible.get(
      `/rights/at?at-site=${f.siteId}&at=${encodeURIComponent('7.12.2026 17.00')}`,
    );
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toContain(newcomer.username);
    const names = (html: string) => (html.match(/<td data-label="Henkilö">/g) ?? []).length;
    expect(names(before.body)).toBe(2);
    const after = await responsible.get(
      `/rights/at?at-site=${f.siteId}&at=${encodeURIComponent('7.12.2026 17.06')}`,
    );
    expect(names(after.body)).toBe(3);
    const gap = await responsible.get(
      `/rights/at?at-site=${f.siteId}&at=${encodeURIComponent('29.3.2026 3.30')}`,
    );
    expect(gap.statusCode).toBe(422);
    expect(gap.body).toMatch(/id="at-error"[^>]*>Tätä kellonaikaa ei ollut/);
  });

  it('revokes with a reason and keeps the right in the person’s history', async () => {
    const [right] = await rightsOf(newcomer.id);
    const form = await responsible.get(`/rights/${right!.id}/revoke`);
    expect(form.statusCode).toBe(200);
    const short = await responsible.post(`/rights/${right!.id}/revoke`, { reason: 'lyhyt', effectiveAt: '' });
    expect(short.statusCode).toBe(422);
    expect(short.body).toMatch(/id="reason-error"/);
    expect((await rightsOf(newcomer.id))[0]?.revocation).toBeNull();
    const res = await responsible.post(`/rights/${right!.id}/revoke`, {
      reason: 'Työsuhde päättyi marraskuussa',
      effectiveAt: '',
    });
    expect(res.statusCode, res.body).toBe(303);
    const history = await responsible.get(`/rights/history?history-person=${newcomer.id}`);
    expect(history.body).toContain('Peruttu 7.12.2026 klo 17.05: Työsuhde päättyi marraskuussa');
    expect((await rightsOf(newcomer.id))[0]?.revocation?.reason).toBe('Työsuhde päättyi marraskuussa');
  });

  it('has a self-grant confirmed by the other responsible person, not by its granter (R3)', async () => {
    const other = await t.user(['responsible'], [f.siteId]);
    const page = new PageClient(t);
    await page.signIn(other.username, userPassword);
    await page.get('/rights');
    const res = await page.post('/rights', {
      ...grantForm({ userId: other.id }),
      reason: 'Aloitin vastuuhenkilönä joulukuussa',
    });
    expect(res.statusCode, res.body).toBe(303);
    const [right] = await rightsOf(other.id);
    const own = await page.get('/rights');
    expect(own.body).not.toContain(`/rights/${right!.id}/confirm`);
    const forged = await page.post(`/rights/${right!.id}/confirm`, {});
    expect(forged.statusCode).toBe(403);
    expect((await rightsOf(other.id))[0]).toMatchObject({ confirmation: { confirmedBy: null } });

    const overview = await responsible.get('/rights');
    expect(overview.body).toContain('Vahvistusta odottavat oikeudet');
    expect(overview.body).toContain(`action="/rights/${right!.id}/confirm"`);
    const confirmed = await responsible.post(`/rights/${right!.id}/confirm`, {});
    expect(confirmed.statusCode).toBe(303);
    expect((await responsible.get(confirmed.headers.location as string)).body).toContain(
      'Katseluoikeus on vahvistettu.',
    );
    const stored = await call(t, f.responsible.token, 'GET', `/api/v1/viewing-rights?userId=${other.id}`);
    expect(
      stored.json<{ items: { confirmation: { confirmedBy: string } }[] }>().items[0]?.confirmation
        .confirmedBy,
    ).toBe(f.responsible.id);
  });

  it('shows a viewer no rights link, and refuses their forged grant and revocation', async () => {
    const home = await viewer.get('/');
    expect(home.body).not.toContain('href="/rights"');
    expect((await viewer.get('/rights')).statusCode).toBe(403);
    const forged = await viewer.post('/rights', grantForm({ commitmentRef: 'FORGED-1' }));
    expect(forged.statusCode).toBe(403);
    const [right] = await rightsOf(f.viewer.id);
    const revoke = await viewer.post(`/rights/${right!.id}/revoke`, {
      reason: 'Väärennetty peruutus',
      effectiveAt: '',
    });
    expect(revoke.statusCode).toBe(403);
    expect((await rightsOf(f.viewer.id))[0]?.revocation).toBeNull();
    const responsibleHome = await responsible.get('/');
    expect(responsibleHome.body).toContain('href="/rights"');
  });

  it('refuses a post without the form token', async () => {
    const res = await responsible.post('/rights', grantForm({ userId: f.viewer.id }), false);
    expect(res.statusCode).toBe(403);
  });
  it('takes a commitment signed today in Helsinki in the hour after its midnight, before UTC’s', async () => {
    // 8.12.2026 0.30 in Helsinki is still 7.12.2026 in UTC. Last: the jump ends the other sessions.
    await t.setNow(new Date('2026-12-07T22:30:00Z'));
    try {
      const late = await t.user(['viewer'], [f.siteId]);
      const page = new PageClient(t);
      await page.signIn(f.responsible.username, userPassword);
      await page.get('/rights');
      const res = await page.post('/rights', grantForm({ userId: late.id, commitmentSignedOn: '8.12.2026' }));
      expect(res.statusCode, res.body).toBe(303);
      const other = await t.user(['viewer'], [f.siteId]);
      const tomorrow = await page.post(
        '/rights',
        grantForm({ userId: other.id, commitmentSignedOn: '9.12.2026' }),
      );
      expect(tomorrow.statusCode).toBe(422);
      expect(tomorrow.body).toContain('Oikeus ei voi alkaa ennen kuin sitoumus allekirjoitettiin.');
      expect(await rightsOf(other.id)).toEqual([]);
    } finally {
      await t.setNow(now);
    }
  });
});
