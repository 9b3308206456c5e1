import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Role } from '../../src/auth/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { fillPath, type Operation, operationsOf } from '../helpers/openapi.js';

/** Operations anyone may call; every other operation of the document needs a token. */
const publicOperations = ['GET /health', 'GET /ready', 'POST /api/v1/auth/login'];

/**
 * Operations only an admin may call. Route configs (`config.roles`) are not readable from
 * outside the app, so the table lives here; the tests below keep it honest against the
 * document and the app's answers.
 */
const adminOnlyOperations = [
  'POST /api/v1/users',
  'PATCH /api/v1/users/{id}',
  'POST /api/v1/users/{id}/password',
  'POST /api/v1/sites',
  'POST /api/v1/cameras',
];

const nonAdminRoles: Role[] = ['viewer', 'responsible', 'auditor', 'integration'];

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, code });
  expect(body.requestId).toEqual(expect.any(String));
}

describeEachDialect('routes', (dialect) => {
  let t: TestApp;
  let operations: Operation[];
  const tokens = new Map<Role, { id: string; token: string }>();

  /** Calls an operation with random ids in the path and, where it takes one, an empty body. */
  const callOperation = (op: Operation, token: string | undefined, method: string = op.method) =>
    t.app.inject({
      method: method as 'GET',
      url: fillPath(op.path, () => randomUUID()),
      ...(op.bodyProperties && method !== 'HEAD' ? { payload: {} } : {}),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  beforeAll(async () => {
    t = await startTestApp(dialect);
    operations = await operationsOf(t.app);
    const siteId = await t.site();
    for (const role of nonAdminRoles) {
      const u = await t.user([role], role === 'viewer' || role === 'responsible' ? [siteId] : []);
      tokens.set(role, { id: u.id, token: u.token });
    }
  });
  afterAll(() => t.close());

  it('documents exactly the public operations as needing no token', () => {
    expect(operations.length).toBeGreaterThan(publicOperations.length);
    const documentedPublic = operations.filter((op) => op.public).map((op) => op.key);
    expect(documentedPublic.sort()).toEqual([...publicOperations].sort());
  });

  it('answers the public operations without a token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/ready' })).json()).toEqual({
      status: 'ready',
      database: dialect,
    });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: {} });
    expectProblem(login, 400, 'validation_failed');
  });

  it('refuses every other operation of the document without a token: 401 problem+json', async () => {
    const protectedOps = operations.filter((op) => !publicOperations.includes(op.key));
    expect(protectedOps.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const op of protectedOps) {
      const res = await callOperation(op, undefined);
      const body = res.headers['content-type']?.toString().startsWith('application/problem+json')
        ? res.json()
        : {};
      if (res.statusCode !== 401 || body.status !== 401 || body.code !== 'unauthorized' || !body.requestId) {
        wrong.push(`${op.key} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
      // Fastify answers HEAD for every GET route; it must be guarded the same way.
      if (op.method === 'GET' && (await callOperation(op, undefined, 'HEAD')).statusCode !== 401) {
        wrong.push(`HEAD ${op.path} is not 401`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps its table of admin-only operations within the OpenAPI document', () => {
    const documented = operations.map((op) => op.key);
    for (const key of adminOnlyOperations) expect(documented).toContain(key);
  });

  it.each(nonAdminRoles)(
    'refuses every admin-only operation to a %s before reading the body: 403 forbidden',
    async (role) => {
      const { token } = tokens.get(role)!;
      for (const key of adminOnlyOperations) {
        const op = operations.find((o) => o.key === key)!;
        const res = await callOperation(op, token);
        expect(res.statusCode, key).toBe(403);
        expectProblem(res, 403, 'forbidden');
      }
    },
  );

  it('lets an admin past the role check of every admin-only operation', async () => {
    for (const key of adminOnlyOperations) {
      const op = operations.find((o) => o.key === key)!;
      const res = await callOperation(op, t.adminToken);
      // An empty body or a random id: refused for what was sent, not for who sent it.
      expect([400, 404], `${key} → ${res.statusCode}`).toContain(res.statusCode);
    }
  });

  it('records the refused admin calls of a viewer in the access log as denied (R10)', async () => {
    const viewer = tokens.get('viewer')!;
    const auditor = tokens.get('auditor')!;
    for (const key of adminOnlyOperations) {
      expect((await callOperation(operations.find((o) => o.key === key)!, viewer.token)).statusCode).toBe(
        403,
      );
    }
    const log = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit-events?actorId=${viewer.id}&outcome=denied&limit=500`,
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    expect(log.statusCode).toBe(200);
    const actions = new Set(
      log.json<{ items: { action: string; status: number }[] }>().items.map((e) => `${e.action} ${e.status}`),
    );
    for (const action of [
      'user.create',
      'user.update',
      'user.set_password',
      'site.create',
      'camera.create',
    ]) {
      expect(actions).toContain(`${action} 403`);
    }
  });
});
