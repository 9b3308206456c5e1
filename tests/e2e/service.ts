import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { toWallTimeText } from '../../src/wall-time.js';
import { freePort } from '../helpers/child-server.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist', 'src', 'cli.js');
export const chromiumPath = '/usr/bin/chromium';
/** Screenshots and other output of the browser tests (gitignored). */
export const outputDir = path.join(root, 'tests', 'e2e', 'output');

/**
 * The service as `npm start` starts it: the built `dist/`, a child process on a free port,
 * its own temporary DATA_DIR with SQLite. The first admin's printed password is read from
 * its output, as an operator would read it.
 */
export interface Service {
  url: string;
  dataDir: string;
  adminPassword: string;
  cli(args: string[], stdin?: string): Promise<string>;
  api<T = unknown>(
    method: string,
    url: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; json: T }>;
  login(username: string, password: string): Promise<string>;
  stop(): Promise<void>;
}

/** `port` and `env`: for a service whose address another party must know first (the identity provider). */
export async function startService(
  options: { port?: number; env?: Record<string, string> } = {},
): Promise<Service> {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-e2e-'));
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PASSWORD_HASH_COST: '10',
    LOGIN_RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_PER_MINUTE: '0',
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.CCTV_LEDGER_ADMIN_PASSWORD;
  const child: ChildProcess = spawn(process.execPath, [cli, 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited: ${output}`);
    const ready = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready && /password\s+(\S+)\s+It must be changed/.test(output)) break;
    if (Date.now() > deadline) throw new Error(`the service did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const adminPassword = /password\s+(\S+)\s+It must be changed/.exec(output)![1]!;

  const api = async <T>(method: string, u: string, token: string | undefined, body?: unknown) => {
    const res = await fetch(`${url}${u}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json().catch(() => null)) as T };
  };
  return {
    url,
    dataDir,
    adminPassword,
    api,
    cli: async (args, stdin) => {
      const run = promisify(execFile);
      const p = run(process.execPath, [cli, ...args], { cwd: root, env });
      if (stdin !== undefined) {
        p.child.stdin?.end(stdin);
      }
      return (await p).stdout;
    },
    login: async (username, password) => {
      const res = await api<{ accessToken: string }>('POST', '/api/v1/auth/login', undefined, {
        username,
        password,
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return res.json.accessToken;
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium; the browser tests fail (never skip) when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `${chromiumPath} is missing: the browser tests need Debian's Chromium. Install it with\n  apt-get update && apt-get install -y chromium`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export const password = 'a long e2e passphrase';

/**
 * People and places for the journeys, made as an operator would: sites by the CLI's
 * seed, users by `user add`, cameras and viewing rights through the JSON API.
 */
export async function seedStaff(service: Service, adminToken: string) {
  await service.cli(['seed', '--sites']);
  const sites = (
    await service.api<{ items: { id: string; name: string }[] }>('GET', '/api/v1/sites', adminToken)
  ).json.items;
  const site = sites.find((s) => s.name.startsWith('Lahti'))!;
  const cameras: string[] = [];
  for (const name of ['Sisäänkäynti', 'Lainausautomaatti']) {
    const res = await service.api<{ id: string }>('POST', '/api/v1/cameras', adminToken, {
      siteId: site.id,
      name,
      vmsNames: [],
    });
    cameras.push(res.json.id);
  }
  const add = async (username: string, name: string, roles: string) => {
    await service.cli(
      ['user', 'add', username, '--name', name, '--roles', roles, '--sites', site.id],
      `${password}\n`,
    );
    const users = (
      await service.api<{ items: { id: string; username: string }[] }>('GET', '/api/v1/users', adminToken)
    ).json.items;
    return users.find((u) => u.username === username)!.id;
  };
  const responsibleId = await add('lvirtanen', 'Liisa Virtanen', 'responsible');
  const viewerId = await add('hkorhonen', 'Heikki Korhonen', 'viewer');
  const noRightId = await add('mnieminen', 'Matti Nieminen', 'viewer');
  const responsibleToken = await service.login('lvirtanen', password);
  const day = 86_400_000;
  for (const userId of [responsibleId, viewerId]) {
    const res = await service.api('POST', '/api/v1/viewing-rights', responsibleToken, {
      userId,
      siteId: site.id,
      commitmentRef: 'DYNASTY-2026-77',
      commitmentSignedOn: new Date(Date.now() - 3 * day).toISOString().slice(0, 10),
      validFrom: new Date(Date.now() - 2 * day).toISOString(),
      // R3: a right back-dated by more than 24 h, or granted to oneself, says why.
      reason: 'Signed before the service was taken into use',
    });
    if (res.status !== 201) throw new Error(`grant: ${res.status} ${JSON.stringify(res.json)}`);
  }
  return { site, cameras, responsibleId, viewerId, noRightId, responsibleToken };
}

export async function signIn(page: Page, service: Service, username: string, pass = password) {
  await page.goto(`${service.url}/sign-in`);
  await page.fill('#username', username);
  await page.fill('#password', pass);
  await Promise.all([
    page.waitForNavigation(),
    page.click('button[type=submit] >> text=/Kirjaudu|Logga in|Sign in/'),
  ]);
}

/** The text of the first element matching the selector, once the page has loaded. */
export async function textOf(page: Page, selector: string): Promise<string> {
  await page.waitForLoadState();
  return (await page.locator(selector).first().textContent({ timeout: 10_000 })) ?? '';
}

/** A new browser window with its own cookies and an empty cache. */
export async function freshContext(browser: Browser, width = 1280): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: 'fi-FI',
    timezoneId: 'Europe/Helsinki',
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** A Helsinki wall time `minutesAgo` before now, as a person would type it. */
export const typedTime = (minutesAgo: number): string =>
  toWallTimeText(new Date(Date.now() - minutesAgo * 60_000).toISOString());
