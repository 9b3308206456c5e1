import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';

/** R12: nothing the service serves makes a browser load anything from another origin. */
describeEachDialect('no outside calls', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('answers with a Content-Security-Policy that allows only its own origin', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    const csp = String(res.headers['content-security-policy']);
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    for (const name of ['default-src', 'script-src', 'style-src', 'img-src', 'connect-src', 'form-action']) {
      expect(directives[name], name).toBeDefined();
      for (const source of directives[name] as string[]) {
        expect(source, `${name} ${source}`).toMatch(/^('self'|'none'|'unsafe-inline'|data:)$/);
      }
    }
  });

  it('serves the API documentation page with every script and style from itself', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    const references = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(references.length).toBeGreaterThan(0);
    expect(references.filter((r) => /^(https?:)?\/\//.test(r))).toEqual([]);
  });
});
