import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { roleValues } from '../../src/auth/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { documentedOperations, fillPath, type Operation } from '../helpers/openapi.js';

/**
 * Property: whatever a client sends to an operation of the OpenAPI document — any JSON,
 * the operation's own fields with wrong values, odd query strings and path ids, with an
 * admin token, a viewer token or none — the answer is never a 5xx, and every 4xx is an
 * RFC 9457 problem body with the HTTP status and the request id.
 */
const runs = Number(process.env.CCTV_LEDGER_FUZZ_RUNS ?? 50);
const operations = await documentedOperations();

type Who = 'admin' | 'viewer' | 'none';

interface Attempt {
  who: Who;
  path: string;
  query: string;
  body: { payload: string; contentType: string } | undefined;
}

/**
 * Text of any printable grapheme plus the control characters, but not U+0000: PostgreSQL
 * cannot store it and the service does not refuse it yet (see the known bugs below).
 */
const char = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 0x1f }).map((c) => String.fromCharCode(c)) },
);
const text = (maxLength: number) => fc.string({ unit: char, maxLength });

/** Path ids: UUIDs, nasty strings, and any text, percent-encoded and within the 100-character limit. */
const pathParam = fc.oneof(
  fc.uuid(),
  fc.constantFrom(
    '0',
    '-1',
    'admin',
    '..',
    '%2e%2e',
    '%2F',
    '%0A',
    'null',
    '%27%20OR%20%271%27%3D%271',
    'a'.repeat(100),
  ),
  text(20)
    .map(encodeURIComponent)
    .filter((s) => s.length <= 100),
);

const odd = fc.constantFrom(
  '',
  'true',
  'null',
  '-1',
  '0',
  '1e309',
  'NaN',
  '2024-02-30T25:00:00Z',
  '[]',
  '{}',
  'x'.repeat(300),
);

function queryOf(op: Operation) {
  const key = fc.oneof(
    op.queryParams.length > 0 ? fc.constantFrom(...op.queryParams) : fc.constant('limit'),
    fc.constantFrom('__proto__', 'constructor[prototype][x]', 'cursor', 'limit', 'a[]'),
    text(10),
  );
  const value = fc.oneof(text(20), fc.integer().map(String), odd);
  const encoded = fc
    .array(fc.tuple(key, value), { maxLength: 4 })
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
  const raw = fc.constantFrom('%', '%zz', 'a=%E0%A4%A', '&&&', '=', '==x', 'a=1&a=2', 'limit=1&limit=2', '?');
  return fc.oneof({ weight: 4, arbitrary: encoded }, { weight: 1, arbitrary: raw });
}

/** Values for a field: any JSON, and the kinds of value fields here actually take. */
const fieldValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  text(30),
  fc.array(text(10), { maxLength: 3 }),
  fc.constantFrom(...roleValues),
  fc.uuid(),
  fc.boolean(),
);

function bodyOf(op: Operation) {
  const names = op.bodyProperties ?? [];
  const ownFields = fc
    .tuple(
      fc.record(Object.fromEntries(names.map((n) => [n, fieldValue])), { requiredKeys: [] }),
      fc.option(fc.tuple(text(10), fc.jsonValue({ maxDepth: 1 }))),
    )
    .map(([fields, extra]) => JSON.stringify(extra ? { ...fields, [extra[0]]: extra[1] } : fields));
  const json = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    ownFields,
  );
  const asJson = json.map((payload) => ({ payload, contentType: 'application/json' }));
  const raw = fc.record({
    payload: fc.oneof(text(40), fc.constantFrom('', '{', '{"a":', '[1,', '{"__proto__":{}}')),
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-16',
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ),
  });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: names.length > 0 ? 4 : 1, arbitrary: asJson },
    { weight: 1, arbitrary: raw },
  );
}

function attemptsFor(op: Operation): fc.Arbitrary<Attempt> {
  const params = fc.array(pathParam, { minLength: op.pathParams.length, maxLength: op.pathParams.length });
  return fc.record({
    who: fc.constantFrom<Who>('admin', 'viewer', 'none'),
    path: params.map((values) => {
      let i = 0;
      return fillPath(op.path, () => values[i++] ?? '');
    }),
    query: queryOf(op),
    body: bodyOf(op),
  });
}

function assertWellFormed(res: LightMyRequestResponse, what: string) {
  expect(res.statusCode, what).toBeLessThan(500);
  if (res.statusCode < 400) return;
  expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
  const problem = res.json();
  expect(problem.status, what).toBe(res.statusCode);
  expect(problem.requestId, what).toEqual(expect.any(String));
  expect(problem.requestId.length, what).toBeGreaterThan(0);
}

describeEachDialect('every operation under generated input', (dialect) => {
  let t: TestApp;
  const tokens: Record<Who, string | undefined> = { admin: undefined, viewer: undefined, none: undefined };

  const send = (op: Operation, a: Attempt) => {
    const token = tokens[a.who];
    return t.app.inject({
      method: op.method,
      url: a.query ? `${a.path}?${a.query}` : a.path,
      ...(a.body ? { payload: a.body.payload } : {}),
      headers: {
        ...(a.body ? { 'content-type': a.body.contentType } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    tokens.admin = t.adminToken;
    tokens.viewer = (await t.user(['viewer'], [await t.site()])).token;
  });
  afterAll(() => t.close());

  it('has operations to fuzz', () => {
    expect(operations.length).toBeGreaterThan(5);
  });

  it.each(operations.map((op) => [op.key, op] as const))(
    '%s: no 5xx, every 4xx a problem body',
    async (_key, op) => {
      await fc.assert(
        fc.asyncProperty(attemptsFor(op), async (a) => {
          const res = await send(op, a);
          assertWellFormed(
            res,
            `${op.method} ${a.path}?${a.query} as ${a.who} → ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
        }),
        { numRuns: runs },
      );
      // The fuzzing did not lock, disable or re-password the admin account it calls with.
      const me = await t.app.inject({
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${tokens.admin}` },
      });
      expect(me.json()).toMatchObject({ username: 'admin' });
    },
  );

  // Errors Fastify raises before routing (FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH) go
  // through buildApp's `frameworkErrors` and answer with a problem body too.
  it.each([
    ['malformed percent-encoding', '/api/v1/users/%zz'],
    ['a path id longer than 100 characters', `/api/v1/users/${'a'.repeat(101)}`],
  ])('answers %s with a problem body', async (_name, url) => {
    const res = await t.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    assertWellFormed(res, url);
  });

  // PostgreSQL text cannot hold U+0000: the edge refuses it with a 400 naming the field
  // (src/http/problem.ts) instead of a 500 from the database.
  const nulCases: [string, 'GET' | 'POST' | 'PATCH', string, object | undefined][] = [
    ['a path id', 'GET', '/api/v1/users/%00', undefined],
    ['a path id of an audited route', 'PATCH', '/api/v1/users/%00', {}],
    ['a query value', 'GET', '/api/v1/cameras?siteId=%00', undefined],
    ['a body field', 'POST', '/api/v1/sites', { name: 'nul\u0000site', municipality: 'Lahti' }],
  ];
  it.each(nulCases)('answers U+0000 in %s without a 5xx', async (_name, method, url, payload) => {
    const res = await t.app.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    assertWellFormed(res, `${method} ${url}`);
  });
});
