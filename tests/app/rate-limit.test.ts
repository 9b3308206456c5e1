import { afterEach, expect, it } from 'vitest';
import { adminPassword, call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';

describeEachDialect('rate limits', (dialect) => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  const expectRateLimited = (res: Awaited<ReturnType<typeof call>>) => {
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  };

  it('answers logins past the login limit 429 rate_limited with Retry-After', async () => {
    t = await startTestApp(dialect, { LOGIN_RATE_LIMIT_PER_MINUTE: '2' }); // logs the admin in once
    const login = () =>
      t!.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: adminPassword },
      });
    expect((await login()).statusCode).toBe(200);
    expectRateLimited(await login());
  });

  it('answers requests past the global limit 429 rate_limited with Retry-After', async () => {
    t = await startTestApp(dialect, { RATE_LIMIT_PER_MINUTE: '3' });
    const me = () => call(t!, t!.adminToken, 'GET', '/api/v1/me');
    for (let i = 0; i < 3; i++) expect((await me()).statusCode).toBe(200);
    expectRateLimited(await me());
  });
});
