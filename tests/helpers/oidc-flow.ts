import type { TestApp } from './app.js';
import { PageClient } from './web.js';

/** A cookie jar for plain fetch: the provider's own session cookies. */
class Jar {
  private readonly cookies = new Map<string, string>();
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';', 1);
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
}

/**
 * A person at the provider: follows the authorization request to its sign-in page, signs in as
 * `login` and returns where the provider sends the browser back (the service's callback with
 * `code` and `state`), without following it.
 */
export async function signInAtProvider(authorizeUrl: string, login: string, callbackPrefix: string) {
  const jar = new Jar();
  let url = authorizeUrl;
  for (let step = 0; step < 10; step++) {
    let res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.keep(res);
    if (res.status === 200 && new URL(url).pathname.startsWith('/interaction/')) {
      res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login }).toString(),
      });
      jar.keep(res);
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider answered ${res.status} at ${url}: ${await res.text()}`);
    url = new URL(location, url).href;
    if (url.startsWith(callbackPrefix)) return new URL(url);
  }
  throw new Error('the provider never sent the browser back');
}

/** The service's side: a browser (over inject) that starts the city sign-in and gets the provider's address. */
export async function startCitySignIn(t: TestApp, browser = new PageClient(t)) {
  const res = await browser.get('/sign-in/oidc');
  if (res.statusCode !== 303)
    throw new Error(`GET /sign-in/oidc: ${res.statusCode} ${res.body.slice(0, 500)}`);
  return { browser, authorizeUrl: String(res.headers.location) };
}
