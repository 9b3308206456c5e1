import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JwtKey, loadJwtKeys } from '../../src/auth/index.js';
import { call, startTestApp, type TestApp, userPassword } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const decodePart = (token: string, part: 0 | 1) =>
  JSON.parse(Buffer.from(token.split('.')[part]!, 'base64url').toString()) as Record<string, unknown>;

function hs256(header: object, payload: object, key: Buffer | string) {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

describeEachDialect('authentication', (dialect) => {
  let t: TestApp;
  let viewer: { id: string; username: string; token: string };
  let key: JwtKey;
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const claims = () => ({
    sub: viewer.id,
    gen: 0,
    iss: t.config.jwt.issuer,
    aud: t.config.jwt.audience,
    iat: nowSeconds(),
    exp: nowSeconds() + 600,
    jti: randomUUID(),
  });
  const header = () => ({ alg: 'HS256', typ: 'at+jwt', kid: key.kid });
  const ttlSeconds = () => t.config.jwt.ttlMinutes * 60;
  const me = (token: string) => call(t, token, 'GET', '/api/v1/me');

  beforeAll(async () => {
    t = await startTestApp(dialect);
    viewer = await t.user(['viewer']);
    key = loadJwtKeys(t.config.keys).signing;
  });
  afterAll(() => t.close());

  it('accepts a token it issued and one it forges with its own key', async () => {
    expect((await me(viewer.token)).statusCode).toBe(200);
    expect((await me(hs256(header(), claims(), key.secret))).statusCode).toBe(200);
  });

  it.each([
    ['alg none', () => `${b64({ alg: 'none', typ: 'at+jwt', kid: key.kid })}.${b64(claims())}.`],
    [
      'HS256 signed with the checkpoint public key',
      () => hs256(header(), claims(), t.app.checkpointKeys().signing.publicKeyPem),
    ],
    ['wrong iss', () => hs256(header(), { ...claims(), iss: 'someone-else' }, key.secret)],
    ['wrong aud', () => hs256(header(), { ...claims(), aud: 'other-api' }, key.secret)],
    ['expired', () => hs256(header(), { ...claims(), iat: 1_000, exp: 2_000 }, key.secret)],
    [
      'future nbf',
      () => hs256(header(), { ...claims(), nbf: Math.floor(Date.now() / 1000) + 3600 }, key.secret),
    ],
    [
      'missing jti',
      () => {
        const { jti: _drop, ...rest } = claims();
        return hs256(header(), rest, key.secret);
      },
    ],
    ['unknown kid', () => hs256({ ...header(), kid: 'not-our-key' }, claims(), key.secret)],
    [
      'tampered payload',
      () => {
        const [h, , s] = hs256(header(), claims(), key.secret).split('.');
        return `${h}.${b64({ ...claims(), sub: 'someone-else' })}.${s}`;
      },
    ],
    ['garbage', () => 'not.a.token'],
  ])('refuses a token with %s (401 problem)', async (_name, make) => {
    const res = await me(make());
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('unauthorized');
  });

  it.each([
    ['typ JWT, not the type it issues', () => hs256({ ...header(), typ: 'JWT' }, claims(), key.secret)],
    ['no typ', () => hs256({ ...header(), typ: undefined }, claims(), key.secret)],
    [
      'iat three minutes ahead of its clock',
      () => hs256(header(), { ...claims(), iat: nowSeconds() + 180 }, key.secret),
    ],
    [
      'exp a second further after iat than the configured lifetime',
      () => hs256(header(), { ...claims(), exp: nowSeconds() + ttlSeconds() + 1 }, key.secret),
    ],
    ['sub a number', () => hs256(header(), { ...claims(), sub: 42 }, key.secret)],
    [
      'sub an array holding the user id',
      () => hs256(header(), { ...claims(), sub: [viewer.id] }, key.secret),
    ],
  ])('refuses a token signed with its key but %s (RFC 8725)', async (_name, make) => {
    const res = await me(make());
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthorized', detail: 'the token is invalid or expired' });
  });

  it('issues a token living JWT_TTL_MINUTES, as its claims and expiresAt say', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: viewer.username, password: userPassword },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { accessToken, expiresAt } = res.json<{ accessToken: string; expiresAt: string }>();
    const payload = decodePart(accessToken, 1) as { iat: number; exp: number };
    expect(payload.exp - payload.iat).toBe(ttlSeconds());
    expect(Date.parse(expiresAt)).toBe(payload.exp * 1000);
    expect(decodePart(accessToken, 0)).toEqual({ alg: 'HS256', typ: 'at+jwt', kid: key.kid });
  });

  it('refuses its token a second after its lifetime on the app’s clock, not a second before', async () => {
    const issuedAt = new Date((nowSeconds() - 3600) * 1000);
    await t.setNow(issuedAt);
    try {
      const token = await t.login(viewer.username);
      expect(decodePart(token, 1).iat).toBe(issuedAt.getTime() / 1000);
      await t.setNow(new Date(issuedAt.getTime() + (ttlSeconds() - 1) * 1000));
      expect((await me(token)).statusCode).toBe(200);
      await t.setNow(new Date(issuedAt.getTime() + (ttlSeconds() + 1) * 1000));
      expect((await me(token)).statusCode).toBe(401);
    } finally {
      await t.setNow(undefined);
    }
  });

  it('refuses the token of a user disabled after it was issued, at the next request', async () => {
    const u = await t.user(['viewer']);
    expect((await me(u.token)).statusCode).toBe(200);
    const res = await call(t, t.adminToken, 'PATCH', `/api/v1/users/${u.id}`, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect((await me(u.token)).statusCode).toBe(401);
  });

  it('applies a role change at the next request, not at token expiry', async () => {
    const u = await t.user(['auditor']);
    expect((await call(t, u.token, 'GET', '/api/v1/audit-events')).statusCode).toBe(200);
    await call(t, t.adminToken, 'PATCH', `/api/v1/users/${u.id}`, { roles: ['viewer'] });
    expect((await call(t, u.token, 'GET', '/api/v1/audit-events')).statusCode).toBe(403);
  });

  it('locks an account after repeated failures and logs every attempt (R10)', async () => {
    const u = await t.user(['viewer']);
    for (let i = 0; i < t.config.lockout.threshold; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: u.username, password: 'wrong-password-x' },
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: u.username, password: userPassword },
    });
    expect(locked.statusCode).toBe(401);
    const auditor = await t.user(['auditor']);
    const log = await call(t, auditor.token, 'GET', `/api/v1/audit-events?actorId=${u.id}&action=auth.login`);
    const outcomes = log.json().items.map((e: { outcome: string }) => e.outcome);
    expect(outcomes).toEqual(['denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'success']);
    expect(log.json().items[0].detail).toEqual({ reason: 'locked' });
  });

  it('forces a generated password to be changed before anything else', async () => {
    const u = await t.user(['viewer']);
    await call(t, t.adminToken, 'POST', `/api/v1/users/${u.id}/password`, {
      password: 'temporary-password-1',
      mustChange: true,
    });
    expect((await me(u.token)).statusCode).toBe(401); // old token ends with the password
    const token = await t.login(u.username, 'temporary-password-1');
    expect((await call(t, token, 'GET', '/api/v1/sites')).json().code).toBe('password_change_required');
    const changed = await call(t, token, 'POST', '/api/v1/auth/password', {
      currentPassword: 'temporary-password-1',
      newPassword: 'my-own-long-password',
    });
    expect(changed.statusCode).toBe(200);
    expect((await call(t, changed.json().accessToken, 'GET', '/api/v1/sites')).statusCode).toBe(200);
  });

  it('does not reveal whether a username exists', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody', password: 'x' },
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: viewer.username, password: 'x' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });
});
