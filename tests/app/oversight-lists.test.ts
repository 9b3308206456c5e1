import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { multipartBody } from '../helpers/multipart.js';
import { vmsWorld } from '../helpers/vms-world.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/vms');

async function upload(t: TestApp, token: string, siteId: string, profile: string, file: string) {
  const content = fs.readFileSync(path.join(fixtures, file));
  const { payload, headers } = multipartBody({ siteId, profile }, { name: file, content });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/vms-imports',
    payload,
    headers: { ...headers, authorization: `Bearer ${token}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>();
}

describeEachDialect('listing imports, runs and a finding’s evidence', (dialect) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof vmsWorld>>;
  let otherResponsible: { token: string };
  let auditor: { token: string };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    w = await vmsWorld(t);
    const elsewhere = await t.site('Hartola');
    otherResponsible = await t.user(['responsible'], [elsewhere]);
    auditor = await t.user(['auditor']);
  });
  afterAll(async () => t?.close());

  it('lists a site’s imports newest first, paged, with each report', async () => {
    const first = await upload(
      t,
      w.responsible.token,
      w.siteId,
      'milestone-xprotect',
      'milestone-utf8-bom.csv',
    );
    const second = await upload(t, w.responsible.token, w.siteId, 'nx-witness-csv', 'nx-witness.csv');
    const page1 = await call(t, w.responsible.token, 'GET', `/api/v1/vms-imports?siteId=${w.siteId}&limit=1`);
    expect(page1.statusCode, page1.body).toBe(200);
    const p1 = page1.json<{
      items: { id: string; profile: string; rowsRead: number }[];
      nextCursor: string;
    }>();
    expect(p1.items.map((i) => [i.id, i.profile, i.rowsRead])).toEqual([[second.id, 'nx-witness-csv', 5]]);
    const page2 = await call(
      t,
      w.responsible.token,
      'GET',
      `/api/v1/vms-imports?siteId=${w.siteId}&limit=1&cursor=${p1.nextCursor}`,
    );
    const p2 = page2.json<{ items: { id: string }[]; nextCursor: string | null }>();
    expect(p2.items.map((i) => i.id)).toEqual([first.id]);
    expect(p2.nextCursor).toBeNull();

    const one = await call(t, auditor.token, 'GET', `/api/v1/vms-imports/${first.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: first.id, profile: 'milestone-xprotect', rowsRead: 3, stored: 3 });
  });

  it('shows another site’s responsible person no import', async () => {
    const list = await call(t, otherResponsible.token, 'GET', `/api/v1/vms-imports?siteId=${w.siteId}`);
    expect(list.json()).toEqual({ items: [], nextCursor: null });
    const mine = await call(t, w.responsible.token, 'GET', `/api/v1/vms-imports?siteId=${w.siteId}`);
    const id = mine.json<{ items: { id: string }[] }>().items[0]!.id;
    const one = await call(t, otherResponsible.token, 'GET', `/api/v1/vms-imports/${id}`);
    expect(one.statusCode).toBe(404);
    expect(one.json()).toMatchObject({ code: 'not_found' });
  });

  it('refuses a listing without a site, naming the field', async () => {
    const res = await call(t, w.responsible.token, 'GET', '/api/v1/vms-imports');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('siteId');
  });

  it('lists runs with their settings and gives a finding with its events', async () => {
    const run = await call(t, w.responsible.token, 'POST', '/api/v1/reconciliations', {
      from: '2025-03-14T00:00:00+02:00',
      to: '2025-03-16T00:00:00+02:00',
      siteIds: [w.siteId],
      settings: { sessionGapMinutes: 15 },
    });
    expect(run.statusCode, run.body).toBe(201);
    const runId = run.json<{ id: string }>().id;
    const list = await call(t, w.responsible.token, 'GET', '/api/v1/reconciliations');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<{ items: { id: string; settings: Record<string, unknown> }[] }>().items;
    expect(items.map((r) => r.id)).toEqual([runId]);
    expect(items[0]!.settings.sessionGapMinutes).toBe(15);
    expect((await call(t, otherResponsible.token, 'GET', '/api/v1/reconciliations')).json()).toEqual({
      items: [],
      nextCursor: null,
    });

    const findings = await call(
      t,
      w.responsible.token,
      'GET',
      `/api/v1/reconciliations/${runId}?kind=unlogged_viewing`,
    );
    const finding = findings.json<{ findings: { id: string; eventIds: string[] }[] }>().findings[0]!;
    const evidence = await call(t, w.responsible.token, 'GET', `/api/v1/findings/${finding.id}`);
    expect(evidence.statusCode, evidence.body).toBe(200);
    const body = evidence.json<{ kind: string; events: { id: string; vmsUser: string; action: string }[] }>();
    expect(body.kind).toBe('unlogged_viewing');
    expect(body.events.map((e) => e.id).sort()).toEqual([...finding.eventIds].sort());
    expect(body.events.every((e) => e.action === 'playback' && e.vmsUser !== null)).toBe(true);
    const refused = await call(t, otherResponsible.token, 'GET', `/api/v1/findings/${finding.id}`);
    expect(refused.statusCode).toBe(404);
  });
});
