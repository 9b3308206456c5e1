import { afterAll, beforeAll, expect, it } from 'vitest';
import { catalogs } from '../../src/web/messages/index.js';
import { call, startTestApp, type TestApp, userPassword } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';

/**
 * No mass assignment: a create body carrying a field the API does not accept is refused
 * whole, with the field named, and nothing is written.
 */
describeEachDialect('mass assignment', (dialect) => {
  let t: TestApp;
  let siteId: string;
  let counter = 0;

  interface Resource {
    url: string;
    /** A body the API accepts; each call gives fresh unique names. */
    valid(): Record<string, unknown>;
  }
  const resources: Record<string, Resource> = {
    users: {
      url: '/api/v1/users',
      valid: () => ({
        username: `mass${++counter}`,
        displayName: 'Mass Assignment',
        password: userPassword,
        roles: ['viewer'],
        siteIds: [siteId],
      }),
    },
    sites: { url: '/api/v1/sites', valid: () => ({ name: `Mass site ${++counter}`, municipality: 'Lahti' }) },
    cameras: {
      url: '/api/v1/cameras',
      valid: () => ({ siteId, name: `Mass camera ${++counter}`, vmsNames: [] }),
    },
  };

  const list = async (url: string) => {
    const res = await call(t, t.adminToken, 'GET', url);
    expect(res.statusCode).toBe(200);
    return res.json<{ items: unknown[] }>().items;
  };

  const postRaw = (url: string, json: string) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: json,
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    t = await startTestApp(dialect);
    siteId = await t.site();
  });
  afterAll(() => t.close());

  const extras: [string, unknown][] = [
    ['id', '00000000-0000-4000-8000-000000000000'],
    ['role', 'admin'],
    ['isAdmin', true],
  ];
  const cases = Object.keys(resources).flatMap((name) =>
    extras.map(([field, value]) => [name, field, value] as const),
  );

  it.each(cases)(
    'POST %s with an extra `%s` → 400 naming the field, nothing stored',
    async (name, field, value) => {
      const r = resources[name]!;
      const before = await list(r.url);
      const res = await call(t, t.adminToken, 'POST', r.url, { ...r.valid(), [field]: value });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json();
      expect(problem).toMatchObject({ status: 400, code: 'validation_failed' });
      expect(problem.errors).toContainEqual({ field, message: catalogs.en.fieldUnknown });
      expect(problem.detail).toContain(`${field}: this is not known here`);
      expect(await list(r.url)).toEqual(before);
    },
  );

  const poisoned: [string, (valid: Record<string, unknown>) => string][] = [
    [
      '__proto__',
      (valid) => `${JSON.stringify(valid).slice(0, -1)},"__proto__":{"isAdmin":true,"roles":["admin"]}}`,
    ],
    [
      'constructor.prototype',
      (valid) => `${JSON.stringify(valid).slice(0, -1)},"constructor":{"prototype":{"isAdmin":true}}}`,
    ],
  ];
  const poisonCases = Object.keys(resources).flatMap((name) =>
    poisoned.map(([label, make]) => [name, label, make] as const),
  );

  it.each(poisonCases)(
    'POST %s with a raw JSON `%s` key → 400, nothing stored, no prototype polluted',
    async (name, label, make) => {
      const r = resources[name]!;
      const before = await list(r.url);
      const json = make(r.valid());
      expect(json).toContain(`"${label.split('.')[0]}":`);
      const res = await postRaw(r.url, json);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 400, requestId: expect.any(String) });
      expect(await list(r.url)).toEqual(before);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('isAdmin');
    },
  );

  it.each([
    ['id', 'ffffffff-0000-4000-8000-000000000000'],
    ['username', 'renamed'],
    ['tokenGeneration', 0],
    ['passwordHash', 'x'],
  ])('PATCH a user with `%s` → 400 naming the field, the user unchanged', async (field, value) => {
    const u = await t.user(['viewer']);
    const before = await call(t, t.adminToken, 'GET', `/api/v1/users/${u.id}`);
    const res = await call(t, t.adminToken, 'PATCH', `/api/v1/users/${u.id}`, {
      displayName: 'Changed',
      [field]: value,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual({ field, message: catalogs.en.fieldUnknown });
    expect((await call(t, t.adminToken, 'GET', `/api/v1/users/${u.id}`)).json()).toEqual(before.json());
  });

  // The control: the same bodies without the extra fields are accepted, so the refusals
  // above are for the extra field and nothing else.
  it.each(Object.keys(resources))('POST %s with the valid body alone → 201 and stored', async (name) => {
    const r = resources[name]!;
    const before = await list(r.url);
    const res = await call(t, t.adminToken, 'POST', r.url, r.valid());
    expect(res.statusCode).toBe(201);
    const after = await list(r.url);
    expect(after).toHaveLength(before.length + 1);
    expect(after).toContainEqual(res.json());
  });
});
