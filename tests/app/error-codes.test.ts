import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { entryBody, requestBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';

const hour = 3_600_000;

/** Each refusal answers with its own code, the field it is about, and the rule behind it. */
describeEachDialect('specific error codes', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t);
  });
  afterAll(() => t.close());

  const viewing = (token: string, overrides: Record<string, unknown>) =>
    call(t, token, 'POST', '/api/v1/viewings', entryBody(f, overrides));

  it.each([
    ['right_missing', 'R3', 'viewerId', async () => (await t.user(['viewer'], [f.siteId])).token, () => ({})],
    [
      'footage_after_viewing',
      'R7',
      'footageTo',
      async () => f.viewer.token,
      () => ({ footageTo: new Date(Date.now() - 60_000).toISOString() }),
    ],
    [
      'self_decision',
      'R13',
      'decidedBy',
      async () => f.viewer.token,
      () => ({ decidedBy: { userId: f.viewer.id } }),
    ],
    [
      'footage_past_retention',
      'R1',
      'footageFrom',
      async () => f.viewer.token,
      () => ({ footageFrom: new Date(Date.now() - 400 * hour).toISOString() }),
    ],
  ] as const)('a viewing refused as %s cites %s and names %s', async (code, rule, field, token, body) => {
    const res = await viewing(await token(), body());
    expect(res.statusCode, res.body).toBe(422);
    const problem = res.json();
    expect(problem).toMatchObject({ code, rule, type: `urn:cctv-ledger:problem:${code}` });
    expect(problem.errors).toEqual([expect.objectContaining({ field, rule })]);
    expect(problem.detail).toMatch(new RegExp(`^${rule}: `));
  });

  it('the decision of an outside request by the person who registered it is refused under R13', async () => {
    const registered = await call(t, f.responsible.token, 'POST', '/api/v1/requests', requestBody(f));
    expect(registered.statusCode, registered.body).toBe(201);
    const id = registered.json<{ id: string }>().id;
    const own = await call(t, f.responsible.token, 'POST', `/api/v1/requests/${id}/decision`, {
      decision: 'accepted',
      reason: 'Police investigation of the break-in',
    });
    expect(own.statusCode, own.body).toBe(403);
    expect(own.json()).toMatchObject({ code: 'own_request_decision', rule: 'R13' });
  });

  it('a taken username carries the name as a parameter', async () => {
    const res = await call(t, t.adminToken, 'POST', '/api/v1/users', {
      username: f.viewer.username,
      displayName: 'Someone Else',
      password: 'a long enough password',
      roles: ['viewer'],
      siteIds: [],
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'username_taken', params: { username: f.viewer.username } });
  });

  it('a refusal raised by the framework carries one of the service’s codes, not the framework’s', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/viewings',
      headers: { authorization: `Bearer ${f.viewer.token}`, 'content-type': 'application/json' },
      payload: '',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('bad_request');
  });
});
