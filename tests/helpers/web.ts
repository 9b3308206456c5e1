import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';

/**
 * A browser over `app.inject()`: keeps the cookies the pages set, reads the form token
 * from the last page, and posts forms the way a browser does (urlencoded).
 */
export class PageClient {
  readonly cookies = new Map<string, string>();
  last: LightMyRequestResponse | undefined;
  /** The form token of the last page that had a form. */
  token: string | undefined;

  constructor(
    private readonly t: TestApp,
    private readonly headers: Record<string, string> = {},
  ) {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const cleared = c.value === '' || (c.expires !== undefined && c.expires.getTime() <= Date.now());
      if (cleared) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    this.last = res;
    const match = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (match?.[1]) this.token = match[1];
    return res;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string) {
    return this.remember(
      await this.t.app.inject({
        method: 'GET',
        url,
        headers: { ...this.headers, cookie: this.cookieHeader() },
      }),
    );
  }

  csrf(): string {
    if (!this.token) throw new Error('no page with a form token yet');
    return this.token;
  }

  async post(url: string, form: Record<string, string | string[]>, withToken = true) {
    const body = new URLSearchParams();
    if (withToken) body.append('_csrf', this.csrf());
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.remember(
      await this.t.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: {
          ...this.headers,
          'content-type': 'application/x-www-form-urlencoded',
          cookie: this.cookieHeader(),
        },
      }),
    );
  }

  async signIn(username: string, password: string) {
    await this.get('/sign-in');
    return this.post('/sign-in', { username, password });
  }
}

/** The text of an element with the id, tags stripped. */
export function textOf(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  const from = html.indexOf('>', start) + 1;
  const to = html.indexOf('</', from);
  return html.slice(from, to).replace(/<[^>]+>/g, '');
}
