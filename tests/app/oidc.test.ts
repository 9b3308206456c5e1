import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fi } from '../../src/web/messages/fi.js';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { signInAtProvider, startCitySignIn } from '../helpers/oidc-flow.js';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { PageClient } from '../helpers/web.js';

const redirectUrl = 'http://ledger.test/sign-in/oidc/callback';
const callbackPath = (u: URL) => `${u.pathname}${u.search}`;
/** The page's text with the apostrophes and quotes the renderer escapes put back. */
const pageText = (html: string) => html.replaceAll('&#39;', "'").replaceAll('&quot;', '"');

describeEachDialect('sign-in with the identity provider', (dialect) => {
  let provider: TestProvider;
  let t: TestApp;
  let viewer: { id: string; username: string };

  const accessRows = (action: string) =>
    t.app.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', action)
      .orderBy('id', 'desc')
      .execute();
  const lastRow = async (action: string) => {
    const row = (await accessRows(action))[0]!;
    return { ...row, detail: JSON.parse(row.detail ?? 'null') as Record<string, unknown> | null };
  };
  const link = (userId: string, subject: string) =>
    call(t, t.adminToken, 'PUT', `/api/v1/users/${userId}/external-identity`, { subject });

  beforeAll(async () => {
    provider = await startTestProvider([redirectUrl]);
    t = await startTestApp(dialect, provider.env(redirectUrl));
    const site = await t.site();
    viewer = await t.user(['viewer'], [site]);
    expect((await link(viewer.id, 'liisa.virtanen')).statusCode).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  it('offers the city sign-in beside the password form', async () => {
    const page = await new PageClient(t).get('/sign-in');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(fi.signInOidcButton);
    expect(page.body).toContain('href="/sign-in/oidc"');
    expect(page.body).toContain('name="password"');
    // R12: the provider is the one outside origin, and only for where a form's redirect may go.
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain(`form-action 'self' ${provider.issuer}`);
    expect(csp).toContain("connect-src 'self'");
  });

  it('signs a linked person in through the provider, with PKCE, state and nonce, and logs it', async () => {
    const { browser, authorizeUrl } = await startCitySignIn(t);
    const asked = new URL(authorizeUrl);
    expect(asked.origin).toBe(provider.issuer);
    expect(asked.searchParams.get('code_challenge_method')).toBe('S256');
    expect(asked.searchParams.get('state')).toBeTruthy();
    expect(asked.searchParams.get('nonce')).toBeTruthy();
    expect(asked.searchParams.get('redirect_uri')).toBe(redirectUrl);
    const back = await signInAtProvider(authorizeUrl, 'liisa.virtanen', redirectUrl);
    const res = await browser.get(callbackPath(back));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    expect((await browser.get('/')).statusCode).toBe(200);
    const row = await lastRow('auth.login');
    expect(row).toMatchObject({ actor_id: viewer.id, outcome: 'success', status: 200 });
    expect(row.detail).toMatchObject({ via: 'oidc', subject: 'liisa.virtanen' });

    // Signing out ends the session here and sends the browser to the provider's logout with the hint.
    await browser.get('/');
    const out = await browser.post('/sign-out', {});
    expect(out.statusCode).toBe(303);
    const logout = new URL(String(out.headers.location));
    expect(logout.origin).toBe(provider.issuer);
    expect(logout.searchParams.get('id_token_hint')).toBeTruthy();
    expect((await browser.get('/')).headers.location).toBe('/sign-in');
  });

  it('does not ask a person who signed in at the provider to change a local password', async () => {
    const made = await call(t, t.adminToken, 'POST', '/api/v1/users', {
      username: 'newcomer',
      displayName: 'New Comer',
      password: 'a temporary password',
      roles: ['viewer'],
    });
    const id = made.json<{ id: string }>().id;
    await call(t, t.adminToken, 'POST', `/api/v1/users/${id}/password`, {
      password: 'another temporary one',
    });
    await link(id, 'new.comer');
    const { browser, authorizeUrl } = await startCitySignIn(t);
    await browser.get(callbackPath(await signInAtProvider(authorizeUrl, 'new.comer', redirectUrl)));
    const home = await browser.get('/');
    expect(home.statusCode).toBe(200);
    const token = await provider.sign({ preferred_username: 'new.comer' });
    expect((await call(t, token, 'GET', '/api/v1/viewings')).statusCode).toBe(200);
  });

  it('refuses a state this browser did not begin, and the same answer twice', async () => {
    const { browser, authorizeUrl } = await startCitySignIn(t);
    const back = await signInAtProvider(authorizeUrl, 'liisa.virtanen', redirectUrl);
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged-state');
    const wrong = await browser.get(callbackPath(forged));
    expect(wrong.statusCode).toBe(400);
    expect(pageText(wrong.body)).toContain(fi.signInOidcFailed);
    expect(wrong.cookies.find((c) => c.name === 'cctv_session')).toBeUndefined();
    expect((await lastRow('auth.login')).detail).toMatchObject({ via: 'oidc', reason: 'unknown_state' });

    // Another browser cannot finish this browser's sign-in either.
    const other = await new PageClient(t).get(callbackPath(back));
    expect(other.statusCode).toBe(400);

    expect((await browser.get(callbackPath(back))).statusCode).toBe(303);
    const again = await browser.get(callbackPath(back));
    expect(again.statusCode).toBe(400);
    expect((await lastRow('auth.login')).detail).toMatchObject({ reason: 'unknown_state' });
  });

  it('refuses a code that was used already, at the provider', async () => {
    const browser = new PageClient(t);
    const first = await startCitySignIn(t, browser);
    const back = await signInAtProvider(first.authorizeUrl, 'liisa.virtanen', redirectUrl);
    expect((await browser.get(callbackPath(back))).statusCode).toBe(303);
    // A second sign-in of the same browser, answered with the first one's code.
    const second = await startCitySignIn(t, browser);
    const replay = new URL(back);
    replay.searchParams.set('state', new URL(second.authorizeUrl).searchParams.get('state')!);
    const res = await browser.get(callbackPath(replay));
    expect(res.statusCode).toBe(401);
    expect(pageText(res.body)).toContain(fi.signInOidcFailed);
    expect((await lastRow('auth.login')).detail).toMatchObject({
      reason: 'provider_refused',
      error: 'invalid_grant',
    });
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const { browser, authorizeUrl } = await startCitySignIn(t);
    // The pending sign-in now expects another nonce than the one the provider puts in its ID token.
    await t.app.database.db.updateTable('oidc_logins').set({ nonce: 'another-nonce' }).execute();
    const back = await signInAtProvider(authorizeUrl, 'liisa.virtanen', redirectUrl);
    const res = await browser.get(callbackPath(back));
    expect(res.statusCode).toBe(401);
    expect((await lastRow('auth.login')).detail).toMatchObject({ reason: 'token_invalid' });
  });

  it('lets no one in whose identity is linked to no account, or to a disabled one', async () => {
    const stranger = await startCitySignIn(t);
    const back = await signInAtProvider(stranger.authorizeUrl, 'someone.else', redirectUrl);
    const res = await stranger.browser.get(callbackPath(back));
    expect(res.statusCode).toBe(401);
    expect(pageText(res.body)).toContain(fi.signInOidcNoAccount);
    expect((await lastRow('auth.login')).detail).toMatchObject({
      reason: 'unknown_account',
      subject: 'someone.else',
    });

    const disabled = await t.user(['viewer']);
    await link(disabled.id, 'matti.poistettu');
    await call(t, t.adminToken, 'PATCH', `/api/v1/users/${disabled.id}`, { disabled: true });
    const flow = await startCitySignIn(t);
    const back2 = await signInAtProvider(flow.authorizeUrl, 'matti.poistettu', redirectUrl);
    const refused = await flow.browser.get(callbackPath(back2));
    expect(refused.statusCode).toBe(401);
    const row = await lastRow('auth.login');
    expect(row).toMatchObject({ actor_id: disabled.id, outcome: 'denied' });
    expect(row.detail).toMatchObject({ reason: 'disabled' });
  });

  it('ends the sessions of a person the provider signs out over the back channel', async () => {
    const { browser, authorizeUrl } = await startCitySignIn(t);
    await browser.get(callbackPath(await signInAtProvider(authorizeUrl, 'liisa.virtanen', redirectUrl)));
    expect((await browser.get('/')).statusCode).toBe(200);
    const post = (logoutToken: string) =>
      t.app.inject({
        method: 'POST',
        url: '/sign-in/oidc/back-channel-logout',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ logout_token: logoutToken }).toString(),
      });
    const events = { 'http://schemas.openid.net/event/backchannel-logout': {} };

    const wrong = await post(
      await provider.sign({ sub: 'liisa.virtanen', events }, { audience: 'another-app' }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect((await lastRow('auth.back_channel_logout')).detail).toMatchObject({ reason: 'token_invalid' });
    const noEvent = await post(await provider.sign({ sub: 'liisa.virtanen' }));
    expect(noEvent.statusCode).toBe(400);
    expect((await browser.get('/')).statusCode).toBe(200);

    const ok = await post(await provider.sign({ sub: 'liisa.virtanen', events }));
    expect(ok.statusCode).toBe(200);
    // Every session of the person ends, also those the earlier tests left open.
    expect((await lastRow('auth.back_channel_logout')).detail?.sessionsEnded).toBeGreaterThanOrEqual(1);
    const left = await t.app.database.db
      .selectFrom('web_sessions')
      .select('id_hash')
      .where('user_id', '=', viewer.id)
      .execute();
    expect(left).toEqual([]);
    expect((await browser.get('/')).headers.location).toBe('/sign-in');
  });

  describe('Bearer tokens of the provider', () => {
    it('are accepted for the linked account, with its own roles', async () => {
      const token = await provider.sign({ sub: 'x1', preferred_username: 'liisa.virtanen' });
      const res = await call(t, token, 'GET', '/api/v1/me');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: viewer.id, roles: ['viewer'] });
      expect((await call(t, token, 'GET', '/api/v1/users')).statusCode).toBe(403);
    });

    it('are refused for another audience, when expired, from another issuer or for an unknown person', async () => {
      const cases: [string, string][] = [
        [
          await provider.sign({ preferred_username: 'liisa.virtanen' }, { audience: 'another-app' }),
          'token_invalid',
        ],
        [
          await provider.sign(
            { preferred_username: 'liisa.virtanen' },
            { expiresIn: Math.floor(Date.now() / 1000) - 60 },
          ),
          'token_expired',
        ],
        [
          await provider.sign(
            { preferred_username: 'liisa.virtanen' },
            { issuer: 'https://elsewhere.example' },
          ),
          'token_invalid',
        ],
        [await provider.sign({ preferred_username: 'someone.else' }), 'unknown_account'],
        [await provider.sign({ email: 'x@lahti.example' }), 'claim_missing'],
      ];
      for (const [token, reason] of cases) {
        const res = await call(t, token, 'GET', '/api/v1/me');
        expect(res.statusCode, reason).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ code: 'unauthorized' });
        expect((await lastRow('auth.provider_token')).detail, reason).toMatchObject({ reason });
      }
    });

    it('keep the service’s own tokens working unchanged', async () => {
      expect((await call(t, t.adminToken, 'GET', '/api/v1/me')).statusCode).toBe(200);
    });
  });

  describe('linking accounts', () => {
    it('links, reads and unlinks; one identity has one account', async () => {
      const other = await t.user(['viewer']);
      const taken = await link(other.id, 'liisa.virtanen');
      expect(taken.statusCode).toBe(409);
      expect(taken.json()).toMatchObject({ code: 'external_identity_taken' });
      expect((await link(other.id, 'pekka.other')).json()).toMatchObject({
        userId: other.id,
        subject: 'pekka.other',
      });
      const read = await call(t, t.adminToken, 'GET', `/api/v1/users/${other.id}/external-identity`);
      expect(read.json()).toMatchObject({ subject: 'pekka.other' });
      expect(
        (await call(t, t.adminToken, 'DELETE', `/api/v1/users/${other.id}/external-identity`)).statusCode,
      ).toBe(204);
      expect(
        (await call(t, t.adminToken, 'GET', `/api/v1/users/${other.id}/external-identity`)).statusCode,
      ).toBe(404);
      expect((await accessRows('user.external_identity_link')).length).toBeGreaterThanOrEqual(2);
    });

    it('is for admins only', async () => {
      const other = await t.user(['responsible']);
      const res = await call(t, other.token, 'PUT', `/api/v1/users/${other.id}/external-identity`, {
        subject: 'me',
      });
      expect(res.statusCode).toBe(403);
    });
  });
});

describeEachDialect('sign-in with the identity provider, local passwords only for admins', (dialect) => {
  let provider: TestProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await startTestProvider([redirectUrl]);
    t = await startTestApp(dialect, { ...provider.env(redirectUrl), OIDC_LOCAL_PASSWORDS: 'false' });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  it('refuses a staff password but keeps the admin’s break-glass login', async () => {
    // The admin's token was issued by a password login at start.
    expect(t.adminToken).toBeTruthy();
    const viewer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${t.adminToken}` },
      payload: {
        username: 'staffer',
        displayName: 'Staff',
        password: 'a-long-password-1',
        roles: ['viewer'],
      },
    });
    expect(viewer.statusCode).toBe(201);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'staffer', password: 'a-long-password-1' },
    });
    expect(login.statusCode).toBe(401);
    const page = await new PageClient(t).signIn('staffer', 'a-long-password-1');
    expect(page.statusCode).toBe(401);
    expect(pageText(page.body)).toContain(fi.signInPasswordOff);
  });
});

describeEachDialect('sign-in with the identity provider, the provider down', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    // A provider that was started and stopped: its port no longer answers.
    const gone = await startTestProvider([redirectUrl]);
    const env = gone.env(redirectUrl);
    await gone.close();
    t = await startTestApp(dialect, env);
  });
  afterAll(() => t.close());

  it('says the city sign-in is unavailable and the password form still works, with no 5xx', async () => {
    const browser = new PageClient(t);
    const page = await browser.get('/sign-in');
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain(fi.signInOidcUnavailable);
    expect(page.body).not.toContain('href="/sign-in/oidc"');
    const start = await browser.get('/sign-in/oidc');
    expect(start.statusCode).toBe(200);
    expect(pageText(start.body)).toContain(fi.signInOidcUnavailable);
    const signIn = await browser.post('/sign-in', {
      username: 'admin',
      password: 'admin-password-for-tests',
    });
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe('/');
  });

  it('answers a provider token with 401 while the provider is away', async () => {
    const stranger = await startTestProvider([redirectUrl]);
    const token = await stranger.sign({ preferred_username: 'x' });
    await stranger.close();
    const res = await call(t, token, 'GET', '/api/v1/me');
    expect(res.statusCode).toBe(401);
  });
});

describeEachDialect(
  'sign-in with the identity provider, the client authenticated by private_key_jwt',
  (dialect) => {
    let provider: TestProvider;
    let t: TestApp;
    let keyDir: string;

    beforeAll(async () => {
      const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
      provider = await startTestProvider([redirectUrl], { clientKey: await exportJWK(publicKey) });
      const env = provider.env(redirectUrl);
      delete env.OIDC_CLIENT_SECRET;
      keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-oidc-key-'));
      const keyFile = path.join(keyDir, 'client.pem');
      fs.writeFileSync(keyFile, await exportPKCS8(privateKey), { mode: 0o600 });
      t = await startTestApp(dialect, { ...env, OIDC_PRIVATE_KEY_FILE: keyFile });
      const user = await t.user(['viewer']);
      await call(t, t.adminToken, 'PUT', `/api/v1/users/${user.id}/external-identity`, {
        subject: 'key.user',
      });
    });
    afterAll(async () => {
      await t.close();
      await provider.close();
      fs.rmSync(keyDir, { recursive: true, force: true });
    });

    it('signs in with a signed client assertion instead of a secret', async () => {
      const { browser, authorizeUrl } = await startCitySignIn(t);
      const back = await signInAtProvider(authorizeUrl, 'key.user', redirectUrl);
      const res = await browser.get(callbackPath(back));
      expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
      expect(res.headers.location).toBe('/');
    });
  },
);

describeEachDialect('sign-in with the identity provider, a required group', (dialect) => {
  let provider: TestProvider;
  let t: TestApp;

  beforeAll(async () => {
    // Only logins that start with "staff." are in the library staff group at the provider.
    provider = await startTestProvider([redirectUrl], {
      extraClaims: (login) => ({ groups: login.startsWith('staff.') ? ['kirjasto-henkilosto'] : ['other'] }),
    });
    t = await startTestApp(dialect, {
      ...provider.env(redirectUrl),
      OIDC_REQUIRED_GROUP: 'kirjasto-henkilosto',
    });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  const signIn = async (login: string) => {
    const { browser, authorizeUrl } = await startCitySignIn(t);
    return browser.get(callbackPath(await signInAtProvider(authorizeUrl, login, redirectUrl)));
  };
  const disabled = async (id: string) =>
    (await call(t, t.adminToken, 'GET', `/api/v1/users/${id}`)).json<{ disabled: boolean }>().disabled;

  it('lets a member in, and disables the account of a person who left the group', async () => {
    const member = await t.user(['viewer']);
    await call(t, t.adminToken, 'PUT', `/api/v1/users/${member.id}/external-identity`, {
      subject: 'staff.anna',
    });
    expect((await signIn('staff.anna')).statusCode).toBe(303);
    expect(await disabled(member.id)).toBe(false);

    const leaver = await t.user(['viewer']);
    await call(t, t.adminToken, 'PUT', `/api/v1/users/${leaver.id}/external-identity`, {
      subject: 'former.bertta',
    });
    const res = await signIn('former.bertta');
    expect(res.statusCode).toBe(401);
    expect(await disabled(leaver.id)).toBe(true);
    const row = await t.app.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.login')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actor_id: leaver.id, outcome: 'denied' });
    expect(JSON.parse(row.detail!)).toMatchObject({ reason: 'group_missing' });
    // Its password sign-in ended with it.
    expect((await call(t, leaver.token, 'GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('checks the group of a provider Bearer token too', async () => {
    const user = await t.user(['viewer']);
    await call(t, t.adminToken, 'PUT', `/api/v1/users/${user.id}/external-identity`, { subject: 'script.c' });
    const inGroup = await provider.sign({ preferred_username: 'script.c', groups: ['kirjasto-henkilosto'] });
    expect((await call(t, inGroup, 'GET', '/api/v1/me')).statusCode).toBe(200);
    const outside = await provider.sign({ preferred_username: 'script.c', groups: [] });
    expect((await call(t, outside, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect(await disabled(user.id)).toBe(true);
  });
});
