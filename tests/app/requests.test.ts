import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { footageDeletedAt } from '../../src/requests/index.js';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import {
  copyBody,
  deliveryBody,
  entryBody,
  grant,
  requestBody,
  type SiteFixture,
  siteWithStaff,
} from '../helpers/protocol.js';

const hour = 3_600_000;

describe('footageDeletedAt', () => {
  it('is 336 hours after the footage, across the DST change (R1: a vrk is 24 h)', () => {
    // Footage on Saturday 2026-03-21 12:00 Helsinki (UTC+2); clocks go forward on 2026-03-29.
    const from = DateTime.fromISO('2026-03-21T12:00:00', { zone: 'Europe/Helsinki' });
    const deleted = DateTime.fromISO(footageDeletedAt(from.toUTC().toISO()!, 336)).setZone('Europe/Helsinki');
    expect(deleted.diff(from, 'hours').hours).toBe(336);
    expect(deleted.toFormat('yyyy-MM-dd HH:mm')).toBe('2026-04-04 13:00'); // wall clock moved one hour
    const autumn = DateTime.fromISO('2026-10-20T12:00:00', { zone: 'Europe/Helsinki' });
    const autumnDeleted = DateTime.fromISO(footageDeletedAt(autumn.toUTC().toISO()!, 336)).setZone(
      'Europe/Helsinki',
    );
    expect(autumnDeleted.toFormat('yyyy-MM-dd HH:mm')).toBe('2026-11-03 11:00');
  });
});

describeEachDialect('outside requests and copies', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  let second: { id: string; token: string }; // another responsible person (two-person rule)
  let auditor: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t);
    second = await t.user(['responsible'], [f.siteId]);
    await grant(t, f.responsible.token, second.id, f.siteId, new Date(Date.now() - 86_400_000));
    auditor = await t.user(['auditor']);
  });
  afterAll(() => t.close());

  const register = async (token = f.viewer.token, overrides = {}) => {
    const res = await call(t, token, 'POST', '/api/v1/requests', requestBody(f, overrides));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const decide = (token: string, id: string, body: Record<string, unknown>) =>
    call(t, token, 'POST', `/api/v1/requests/${id}/decision`, body);

  it('the full happy path ends closed, with the chain verifying', async () => {
    const r = await register();
    expect(r.status).toBe('registered');
    expect(Date.parse(r.footageDeletedAt) - Date.parse(r.footageFrom)).toBe(336 * hour);
    expect(r.hoursUntilFootageDeleted).toBeCloseTo(306, 0);
    const accepted = await decide(f.responsible.token, r.id, {
      decision: 'accepted',
      reason: 'Police case, lawful under R8',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('accepted');
    const viewing = await call(
      t,
      f.responsible.token,
      'POST',
      '/api/v1/viewings',
      entryBody(f, { requestId: r.id, grounds: 'police_request', decidedBy: { userId: f.responsible.id } }),
    );
    expect(viewing.statusCode, viewing.body).toBe(201);
    const copy = await call(t, f.responsible.token, 'POST', `/api/v1/requests/${r.id}/copies`, copyBody(f));
    expect(copy.statusCode, copy.body).toBe(201);
    expect(copy.json().state).toBe('made');
    const delivered = await call(
      t,
      f.responsible.token,
      'POST',
      `/api/v1/copies/${copy.json().id}/delivery`,
      deliveryBody(),
    );
    expect(delivered.statusCode, delivered.body).toBe(200);
    const destroyed = await call(
      t,
      f.responsible.token,
      'POST',
      `/api/v1/copies/${copy.json().id}/destruction`,
      {
        destroyedAt: new Date().toISOString(),
        method: 'USB stick wiped and shredded',
        witness: 'Liisa Virtanen',
      },
    );
    expect(destroyed.statusCode, destroyed.body).toBe(200);
    expect(destroyed.json().state).toBe('destroyed');
    const got = (await call(t, f.responsible.token, 'GET', `/api/v1/requests/${r.id}`)).json();
    expect(got.status).toBe('closed');
    expect(got.history.map((e: { type: string }) => e.type)).toEqual([
      'request.registered',
      'request.decided',
      'copy.made',
      'copy.delivered',
      'copy.destroyed',
      'request.closed',
    ]);
    const verified = (await call(t, auditor.token, 'GET', '/api/v1/ledger/verify')).json();
    expect(verified.ok).toBe(true);
  });

  it('rejection is a complete record; a viewing and a copy cannot name it (409)', async () => {
    const r = await register();
    const rejected = await decide(f.responsible.token, r.id, {
      decision: 'rejected',
      reason: 'No legal basis given',
    });
    expect(rejected.json().status).toBe('rejected');
    const viewing = await call(
      t,
      f.responsible.token,
      'POST',
      '/api/v1/viewings',
      entryBody(f, { requestId: r.id, decidedBy: { userId: f.responsible.id } }),
    );
    expect(viewing.statusCode).toBe(409);
    expect(viewing.json().errors[0].field).toBe('requestId');
    const copy = await call(t, f.responsible.token, 'POST', `/api/v1/requests/${r.id}/copies`, copyBody(f));
    expect(copy.statusCode).toBe(409);
    expect(copy.json().detail).toContain('rejected');
  });

  it('decision: twice 409, by a viewer 403, by the registering person 403 (two-person rule)', async () => {
    const r = await register(f.responsible.token);
    const reason = 'Police case under R8';
    expect((await decide(f.viewer.token, r.id, { decision: 'accepted', reason })).statusCode).toBe(403);
    const own = await decide(f.responsible.token, r.id, { decision: 'accepted', reason });
    expect(own.statusCode).toBe(403);
    expect(own.json().detail).toContain('R13');
    expect((await decide(second.token, r.id, { decision: 'accepted', reason })).statusCode).toBe(200);
    expect(
      (await decide(second.token, r.id, { decision: 'rejected', reason: 'changed my mind' })).statusCode,
    ).toBe(409);
  });

  it('R8: accepting a non-police requester needs an override reason', async () => {
    const r = await register(f.viewer.token, {
      organisation: 'Insurance company Oy',
      organisationIsPolice: false,
    });
    const refused = await decide(f.responsible.token, r.id, {
      decision: 'accepted',
      reason: 'They asked nicely',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ rule: 'R8', errors: [{ field: 'overrideReason' }] });
    const ok = await decide(f.responsible.token, r.id, {
      decision: 'accepted',
      reason: 'Data subject’s own insurer',
      overrideReason: 'Data subject consented in writing',
    });
    expect(ok.statusCode).toBe(200);
  });

  it('copy for an undecided request 409; delivery and destruction order enforced', async () => {
    const r = await register();
    expect(
      (await call(t, f.responsible.token, 'POST', `/api/v1/requests/${r.id}/copies`, copyBody(f))).statusCode,
    ).toBe(409);
    await decide(f.responsible.token, r.id, { decision: 'accepted', reason: 'Police case' });
    const copy = (
      await call(t, f.responsible.token, 'POST', `/api/v1/requests/${r.id}/copies`, copyBody(f))
    ).json();
    const early = await call(t, f.responsible.token, 'POST', `/api/v1/copies/${copy.id}/delivery`, {
      deliveredAt: new Date(Date.now() - 2 * hour).toISOString(),
      recipientName: 'A',
      recipientUnit: 'B',
      receiptRef: 'C',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain('before it was made');
    const undelivered = await call(t, f.responsible.token, 'POST', `/api/v1/copies/${copy.id}/destruction`, {
      destroyedAt: new Date().toISOString(),
      method: 'shredded',
    });
    expect(undelivered.statusCode).toBe(409);
    expect(undelivered.json().detail).toContain('not been delivered');
    const withReason = await call(t, f.responsible.token, 'POST', `/api/v1/copies/${copy.id}/destruction`, {
      destroyedAt: new Date().toISOString(),
      method: 'shredded',
      reason: 'Police fetched footage directly from the VMS',
    });
    expect(withReason.statusCode).toBe(200);
    const twice = await call(t, f.responsible.token, 'POST', `/api/v1/copies/${copy.id}/destruction`, {
      destroyedAt: new Date().toISOString(),
      method: 'again',
      reason: 'Destroyed a second time',
    });
    expect(twice.statusCode).toBe(409);
  });

  it('lists overdue copies and urgent requests first; closing early needs a reason', async () => {
    const later = await register(f.viewer.token, {
      footageFrom: new Date(Date.now() - 2 * hour).toISOString(),
      footageTo: new Date(Date.now() - hour).toISOString(),
    });
    // Received and accepted 11 days ago: its copy below was made and delivered since (R8).
    const acceptedAt = new Date(Date.now() - 11 * 24 * hour);
    await t.setNow(acceptedAt);
    const urgent = await register(f.viewer.token, {
      footageFrom: new Date(Date.now() - 300 * hour).toISOString(),
      footageTo: new Date(Date.now() - 299 * hour).toISOString(),
      receivedAt: acceptedAt.toISOString(),
    });
    await t.setNow(undefined);
    const listed = (await call(t, f.responsible.token, 'GET', '/api/v1/requests?status=registered')).json()
      .items;
    const ids = listed.map((r: { id: string }) => r.id);
    expect(ids.indexOf(urgent.id)).toBeLessThan(ids.indexOf(later.id));
    expect(listed.every((r: { status: string }) => r.status === 'registered')).toBe(true);

    await t.setNow(acceptedAt);
    await decide(f.responsible.token, urgent.id, { decision: 'accepted', reason: 'Police case' });
    await t.setNow(undefined);

    const copy = (
      await call(t, f.responsible.token, 'POST', `/api/v1/requests/${urgent.id}/copies`, {
        ...copyBody(f),
        madeAt: new Date(Date.now() - 10 * 24 * hour).toISOString(),
      })
    ).json();
    await call(t, f.responsible.token, 'POST', `/api/v1/copies/${copy.id}/delivery`, {
      deliveredAt: new Date(Date.now() - 8 * 24 * hour).toISOString(),
      recipientName: 'A',
      recipientUnit: 'B',
      receiptRef: 'C',
    });
    const overdue = (await call(t, f.responsible.token, 'GET', '/api/v1/copies?overdue=true')).json().items;
    expect(overdue.map((c: { id: string }) => c.id)).toContain(copy.id);
    const noReason = await call(t, f.responsible.token, 'POST', `/api/v1/requests/${urgent.id}/closure`, {});
    expect(noReason.statusCode).toBe(409);
    const closed = await call(t, f.responsible.token, 'POST', `/api/v1/requests/${urgent.id}/closure`, {
      reason: 'Copy lost; reported to the DPO',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().closure.earlyReason).toBe('Copy lost; reported to the DPO');
  });

  it('a viewer of another site cannot read a request (404)', async () => {
    const r = await register();
    const g = await siteWithStaff(t);
    expect((await call(t, g.responsible.token, 'GET', `/api/v1/requests/${r.id}`)).statusCode).toBe(404);
    expect((await call(t, auditor.token, 'GET', `/api/v1/requests/${r.id}`)).statusCode).toBe(200);
  });
});
