import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPassword } from '../../src/auth/index.js';
import { call, startTestApp, type TestApp, userPassword } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { PageClient } from '../helpers/web.js';

const minute = 60_000;

describeEachDialect('web sessions', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { LOCKOUT_THRESHOLD: '3' });
  });
  afterAll(async () => t?.close());

  const accessLog = async (action: string) =>
    t.app.database.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute();

  it('signs in with an httpOnly SameSite=Lax cookie whose id is stored only as a hash', async () => {
    const site = await t.site();
    const u = await t.user(['viewer'], [site]);
    const page = new PageClient(t);
    const res = await page.signIn(u.username, userPassword);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/cctv_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const id = page.cookies.get('cctv_session')!;
    const rows = await t.app.database.db.selectFrom('web_sessions').selectAll().execute();
    expect(rows.some((r) => r.id_hash === id)).toBe(false);
    const home = await page.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Kirjaa katselu');
    expect((await accessLog('auth.login')).some((r) => r.actor_id === u.id && r.outcome === 'success')).toBe(
      true,
    );
  });

  it('marks the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const behindProxy = await startTestApp(dialect, { TRUST_PROXY: 'true' });
    try {
      const page = new PageClient(behindProxy, { 'x-forwarded-proto': 'https' });
      const res = await page.signIn('admin', 'admin-password-for-tests');
      expect(String(res.headers['set-cookie'])).toMatch(/cctv_session=[^;]+;.*Secure/);
    } finally {
      await behindProxy.close();
    }
  });

  it('refuses a form without its token and logs the refusal', async () => {
    const page = new PageClient(t);
    await page.get('/sign-in');
    const res = await page.post(
      '/sign-in',
      { username: 'admin', password: 'admin-password-for-tests' },
      false,
    );
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Lomake vanheni');
    expect(page.cookies.has('cctv_session')).toBe(false);
    expect((await accessLog('web.csrf')).length).toBeGreaterThan(0);
  });

  it('refuses a token from another browser', async () => {
    const other = new PageClient(t);
    await other.get('/sign-in');
    const page = new PageClient(t);
    await page.get('/sign-in');
    page.token = other.csrf();
    const res = await page.post('/sign-in', { username: 'admin', password: 'admin-password-for-tests' });
    expect(res.statusCode).toBe(403);
  });

  it('says the password was wrong, then that the account is locked and until when', async () => {
    const u = await t.user(['viewer']);
    const page = new PageClient(t);
    await page.get('/sign-in');
    const wrong = await page.post('/sign-in', { username: u.username, password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Käyttäjätunnus tai salasana on väärin.');
    expect(wrong.body).toContain(`value="${u.username}"`);
    await page.post('/sign-in', { username: u.username, password: 'not the password' });
    const locked = await page.post('/sign-in', { username: u.username, password: 'not the password' });
    expect(locked.body).toMatch(
      /Tili on lukittu .* Voit yrittää uudelleen \d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2}\./,
    );
  });

  it('says when sign-in attempts are rate limited', async () => {
    const limited = await startTestApp(dialect, { LOGIN_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const page = new PageClient(limited);
      await page.get('/sign-in');
      await page.post('/sign-in', { username: 'nobody', password: 'not the password' });
      await page.post('/sign-in', { username: 'nobody', password: 'not the password' });
      const third = await page.post('/sign-in', { username: 'nobody', password: 'not the password' });
      expect(third.statusCode).toBe(429);
      expect(third.body).toContain('Liian monta kirjautumisyritystä.');
    } finally {
      await limited.close();
    }
  });

  it('a cookie alone never authorises the JSON API', async () => {
    const page = new PageClient(t);
    await page.signIn('admin', 'admin-password-for-tests');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: page.cookieHeader() },
    });
    expect(res.statusCode).toBe(401);
  });

  it('after sign-out the old cookie opens nothing', async () => {
    const page = new PageClient(t);
    await page.signIn('admin', 'admin-password-for-tests');
    const cookie = page.cookieHeader();
    await page.get('/');
    const out = await page.post('/sign-out', {});
    expect(out.headers.location).toBe('/sign-in?signed-out');
    const replay = await t.app.inject({ method: 'GET', url: '/', headers: { cookie } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/sign-in');
    expect((await accessLog('auth.logout')).length).toBeGreaterThan(0);
  });

  it('a user disabled meanwhile is out at the next request, and the refusal is logged', async () => {
    const u = await t.user(['viewer']);
    const page = new PageClient(t);
    await page.signIn(u.username, userPassword);
    expect((await page.get('/')).statusCode).toBe(200);
    await call(t, t.adminToken, 'PATCH', `/api/v1/users/${u.id}`, { disabled: true });
    const next = await page.get('/');
    expect(next.statusCode).toBe(303);
    expect(next.headers.location).toBe('/sign-in');
    const refused = await accessLog('web.session');
    expect(refused.some((r) => r.actor_id === u.id && r.outcome === 'denied')).toBe(true);
  });

  it('a role change bites at the next request', async () => {
    const site = await t.site();
    const u = await t.user(['viewer'], [site]);
    const page = new PageClient(t);
    await page.signIn(u.username, userPassword);
    expect((await page.get('/viewings/new')).statusCode).toBe(200);
    await call(t, t.adminToken, 'PATCH', `/api/v1/users/${u.id}`, { roles: ['auditor'] });
    expect((await page.get('/viewings/new')).statusCode).toBe(403);
  });

  it('ends after the idle timeout, and after the absolute lifetime however busy', async () => {
    const start = new Date('2026-12-07T08:00:00Z');
    await t.setNow(start);
    try {
      const idle = new PageClient(t);
      await idle.signIn('admin', 'admin-password-for-tests');
      await t.setNow(new Date(start.getTime() + 29 * minute));
      expect((await idle.get('/')).statusCode).toBe(200);
      await t.setNow(new Date(start.getTime() + 60 * minute));
      expect((await idle.get('/')).headers.location).toBe('/sign-in');

      await t.setNow(start);
      const busy = new PageClient(t);
      await busy.signIn('admin', 'admin-password-for-tests');
      for (let at = 20; at < 12 * 60; at += 20) {
        await t.setNow(new Date(start.getTime() + at * minute));
        expect((await busy.get('/')).statusCode, `after ${at} min`).toBe(200);
      }
      await t.setNow(new Date(start.getTime() + 12 * 60 * minute));
      expect((await busy.get('/')).headers.location).toBe('/sign-in');
    } finally {
      await t.setNow(undefined);
    }
  });

  it('forces a printed password to be changed; the change ends the old session and starts a new one', async () => {
    const u = await t.user(['viewer']);
    await setPassword(t.app.database.db, u.id, 'printed-password-1234', new Date(), true);
    const page = new PageClient(t);
    const signIn = await page.signIn(u.username, 'printed-password-1234');
    expect(signIn.headers.location).toBe('/account');
    expect((await page.get('/')).headers.location).toBe('/account');
    const account = await page.get('/account');
    expect(account.body).toContain('Sait tilapäisen salasanan');
    const oldCookie = page.cookieHeader();
    const mismatch = await page.post('/account/password', {
      currentPassword: 'printed-password-1234',
      newPassword: 'my own long passphrase',
      repeatPassword: 'my own long passphrase!',
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.body).toContain('Salasanat eivät ole samat.');
    const changed = await page.post('/account/password', {
      currentPassword: 'printed-password-1234',
      newPassword: 'my own long passphrase',
      repeatPassword: 'my own long passphrase',
    });
    expect(changed.headers.location).toBe('/account?done');
    expect((await page.get('/')).statusCode).toBe(200);
    const replay = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: oldCookie } });
    expect(replay.headers.location).toBe('/sign-in');
  });

  describe('language', () => {
    it('is Finnish by default, switches before sign-in by cookie and is then kept on the account', async () => {
      const u = await t.user(['viewer']);
      const page = new PageClient(t);
      expect((await page.get('/sign-in')).body).toContain('<html lang="fi">');
      const switched = await page.post('/language', { lang: 'sv', back: '/sign-in' });
      expect(switched.headers.location).toBe('/sign-in');
      expect((await page.get('/sign-in')).body).toContain('<html lang="sv">');
      await page.post('/sign-in', { username: u.username, password: userPassword });
      await page.get('/');
      await page.post('/language', { lang: 'en', back: '/' });
      await page.post('/sign-out', {});

      const elsewhere = new PageClient(t);
      await elsewhere.signIn(u.username, userPassword);
      const home = await elsewhere.get('/');
      expect(home.body).toContain('<html lang="en">');
      expect(home.body).toContain('Log a viewing');
    });

    it('sends nobody away from the site after switching', async () => {
      const page = new PageClient(t);
      await page.get('/sign-in');
      const res = await page.post('/language', { lang: 'en', back: '//evil.example/' });
      expect(res.headers.location).toBe('/');
    });
  });
});
