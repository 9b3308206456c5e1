import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type AppOptions, buildApp } from '../../src/app.js';
import { ensureFirstAdmin, getUser, type Role } from '../../src/auth/index.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Dialect } from '../../src/db/index.js';
import { freshDatabase, type TestDatabase } from './database.js';

export const adminPassword = 'admin-password-for-tests';
export const userPassword = 'user-password-for-tests';

export interface TestApp {
  app: FastifyInstance;
  config: Readonly<Config>;
  database: TestDatabase;
  readonly adminToken: string;
  /**
   * Sets the clock the app sees; undefined returns to the wall clock. Tokens are checked
   * against that clock, so the tokens of the admin and of the users made by `user()` are
   * issued again at the new time, as logging in again would.
   */
  setNow(at: Date | undefined): Promise<void>;
  login(username: string, password?: string): Promise<string>;
  /** Creates a user through the API and returns its id and a token. */
  user(
    roles: Role[],
    siteIds?: string[],
    extra?: Record<string, unknown>,
  ): Promise<{ id: string; username: string; token: string }>;
  site(name?: string): Promise<string>;
  camera(siteId: string, name?: string, vmsNames?: string[]): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * A fresh app on a fresh database of the dialect, with a first admin and helpers. With a
 * `logStream` the app logs into it at LOG_LEVEL; otherwise only when TEST_LOG_LEVEL is set.
 */
export async function startTestApp(
  dialect: Dialect,
  env: Record<string, string> = {},
  options: Pick<AppOptions, 'logStream'> = {},
): Promise<TestApp> {
  const database = await freshDatabase(dialect);
  const config = loadConfig({
    DATA_DIR: database.dataDir,
    DATABASE_URL: database.url,
    CCTV_LEDGER_ADMIN_PASSWORD: adminPassword,
    PASSWORD_HASH_COST: '10',
    LOGIN_RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  let fixedNow: Date | undefined;
  const app = await buildApp(config, {
    now: () => fixedNow ?? new Date(),
    logger: process.env.TEST_LOG_LEVEL !== undefined || options.logStream !== undefined,
    ...options,
  });
  await ensureFirstAdmin(app.database.db, adminPassword, new Date());

  const login = async (username: string, password = userPassword) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    return res.json<{ accessToken: string }>().accessToken;
  };
  const adminRow = await app.database.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  const admin = { id: adminRow.id, token: await login('admin', adminPassword) };
  const holders: { id: string; token: string }[] = [admin];
  const post = async (url: string, payload: unknown) => {
    const res = await app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: { authorization: `Bearer ${admin.token}` },
    });
    if (res.statusCode !== 201) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string }>().id;
  };

  return {
    app,
    config,
    database,
    get adminToken() {
      return admin.token;
    },
    setNow: async (at) => {
      fixedNow = at;
      for (const holder of holders) {
        holder.token = app.issueToken(await getUser(app.database.db, holder.id)).accessToken;
      }
    },
    login,
    user: async (roles, siteIds = [], extra = {}) => {
      counter += 1;
      const username = `${roles[0]}${counter}`;
      const id = await post('/api/v1/users', {
        username,
        displayName: `Test ${roles[0]} ${counter}`,
        password: userPassword,
        roles,
        siteIds,
        ...extra,
      });
      const created = { id, username, token: await login(username) };
      holders.push(created);
      return created;
    },
    site: async (name) => {
      counter += 1;
      return post('/api/v1/sites', { name: name ?? `Site ${counter}`, municipality: 'Lahti' });
    },
    camera: async (siteId, name, vmsNames = []) => {
      counter += 1;
      return post('/api/v1/cameras', { siteId, name: name ?? `Camera ${counter}`, vmsNames });
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** An inject call with a bearer token. */
export function call(
  t: TestApp,
  token: string | undefined,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    ...(payload !== undefined ? { payload: payload as object } : {}),
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}
