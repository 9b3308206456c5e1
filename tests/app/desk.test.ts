import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { requestBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';

describeEachDialect('GET /api/v1/desk', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t);
  });
  afterAll(async () => t?.close());

  interface Desk {
    awaitingDecision: { items: { id: string; hoursUntilFootageDeleted: number }[]; total: number };
    acceptedWithoutCopy: { total: number };
    lateEntries: { days: number; count: number };
    openFindings: null | { total: number };
    purge: { onTime: boolean };
    imports: { siteId: string; lastAt: string | null }[];
  }

  it('lists what waits at the responsible person’s sites: the undecided request with its hours left (R1)', async () => {
    const registered = await call(t, f.viewer.token, 'POST', '/api/v1/requests', requestBody(f));
    expect(registered.statusCode, registered.body).toBe(201);
    const res = await call(t, f.responsible.token, 'GET', '/api/v1/desk');
    expect(res.statusCode, res.body).toBe(200);
    const desk = res.json<Desk>();
    expect(desk.awaitingDecision.total).toBe(1);
    expect(desk.awaitingDecision.items[0]!.id).toBe(registered.json<{ id: string }>().id);
    // Footage of 30 hours ago is deleted 336 hours after it was recorded: in about 306 hours.
    expect(Math.round(desk.awaitingDecision.items[0]!.hoursUntilFootageDeleted)).toBe(306);
    expect(desk.acceptedWithoutCopy.total).toBe(0);
    expect(desk.lateEntries).toEqual({ days: 30, count: 0 });
    expect(desk.openFindings).toBeNull();
    expect(desk.purge.onTime).toBe(true);
    expect(desk.imports).toEqual([{ siteId: f.siteId, name: expect.any(String), lastAt: null }]);
  });

  it('is for responsible persons only, and its reads are in the access log (R10)', async () => {
    const refused = await call(t, f.viewer.token, 'GET', '/api/v1/desk');
    expect(refused.statusCode).toBe(403);
    const auditor = await t.user(['auditor']);
    const log = await call(t, auditor.token, 'GET', '/api/v1/audit-events?action=desk.read');
    expect(log.statusCode, log.body).toBe(200);
    const items = log.json<{ items: { action: string }[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.action === 'desk.read')).toBe(true);
  });
});
