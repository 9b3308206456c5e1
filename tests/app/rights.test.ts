import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { entryBody } from '../helpers/protocol.js';

const hour = 3_600_000;

describeEachDialect('rights an auditor can trust (R3)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  const grant = (token: string, userId: string, siteId: string, extra: Record<string, unknown> = {}) =>
    call(t, token, 'POST', '/api/v1/viewing-rights', {
      userId,
      siteId,
      commitmentRef: 'DYNASTY-2026-77',
      commitmentSignedOn: new Date(Date.now() - 30 * 24 * hour).toISOString().slice(0, 10),
      ...extra,
    });
  const rightsOf = async (token: string, userId: string) =>
    (await call(t, token, 'GET', `/api/v1/viewing-rights?userId=${userId}`)).json().items;
  const ago = (hours: number) => new Date(Date.now() - hours * hour).toISOString();

  async function site() {
    const siteId = await t.site();
    const cameraId = await t.camera(siteId);
    const responsible = await t.user(['responsible'], [siteId]);
    const viewer = await t.user(['viewer'], [siteId]);
    return { siteId, cameraIds: [cameraId], responsible, viewer };
  }

  it('a right back-dated by more than 24 hours needs a reason, shown in the list of rights', async () => {
    const s = await site();
    const refused = await grant(s.responsible.token, s.viewer.id, s.siteId, { validFrom: ago(25) });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'right_reason_missing', rule: 'R3' });
    expect(refused.json().errors[0].field).toBe('reason');
    const recent = await grant(s.responsible.token, s.viewer.id, s.siteId, { validFrom: ago(23) });
    expect(recent.statusCode, recent.body).toBe(201);
    expect(recent.json().reason).toBeNull();
    const other = await t.user(['viewer'], [s.siteId]);
    const reason = 'Moved from the old register of rights';
    const moved = await grant(s.responsible.token, other.id, s.siteId, { validFrom: ago(24 * 20), reason });
    expect(moved.statusCode, moved.body).toBe(201);
    expect((await rightsOf(s.responsible.token, other.id))[0]).toMatchObject({
      reason,
      confirmation: { required: false },
    });
  });

  it('a sole responsible person grants themselves a right with a reason; it is valid at once', async () => {
    const s = await site();
    const refused = await grant(s.responsible.token, s.responsible.id, s.siteId);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().params.why).toBe('self_grant');
    const res = await grant(s.responsible.token, s.responsible.id, s.siteId, {
      reason: 'The only responsible person of this library',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().confirmation).toEqual({ required: false, confirmedBy: null, confirmedAt: null });
  });

  it('with another responsible person of the site, a self-grant is valid only once they confirm it', async () => {
    const s = await site();
    const colleague = await t.user(['responsible'], [s.siteId]);
    const granted = await grant(s.responsible.token, s.responsible.id, s.siteId, {
      validFrom: ago(2),
      reason: 'Taking over the library from the summer',
    });
    expect(granted.statusCode, granted.body).toBe(201);
    const right = granted.json();
    expect(right.confirmation).toMatchObject({ required: true, confirmedAt: null });
    const entry = entryBody(
      { ...s, viewer: s.responsible },
      { decidedBy: { name: 'Kirjastotoimenjohtaja' } },
    );
    const before = await call(t, s.responsible.token, 'POST', '/api/v1/viewings', entry);
    expect(before.statusCode).toBe(422);
    expect(before.json().code).toBe('right_missing');
    const own = await call(t, s.responsible.token, 'POST', `/api/v1/viewing-rights/${right.id}/confirmation`);
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('own_right_confirmation');
    const confirmed = await call(
      t,
      colleague.token,
      'POST',
      `/api/v1/viewing-rights/${right.id}/confirmation`,
    );
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().confirmation).toMatchObject({ required: true, confirmedBy: colleague.id });
    expect(
      (await call(t, colleague.token, 'POST', `/api/v1/viewing-rights/${right.id}/confirmation`)).statusCode,
    ).toBe(409);
    // Valid from its confirmation: the viewing five minutes ago stays outside it.
    expect((await call(t, s.responsible.token, 'POST', '/api/v1/viewings', entry)).statusCode).toBe(422);
    const after = await call(t, s.responsible.token, 'POST', '/api/v1/viewings', {
      ...entry,
      viewedAt: new Date().toISOString(),
    });
    expect(after.statusCode, after.body).toBe(201);
    const listed = (await rightsOf(colleague.token, s.responsible.id))[0];
    expect(listed.reason).toBe('Taking over the library from the summer');
    expect(listed.confirmation.confirmedBy).toBe(colleague.id);
    const verify = await call(t, colleague.token, 'GET', '/api/v1/ledger/verify');
    expect(verify.json().ok).toBe(true);
  });

  it('refuses a second active right for the same person and site; after a revocation one may be granted', async () => {
    const s = await site();
    const first = await grant(s.responsible.token, s.viewer.id, s.siteId);
    expect(first.statusCode, first.body).toBe(201);
    const again = await grant(s.responsible.token, s.viewer.id, s.siteId);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('right_already_held');
    const revoked = await call(
      t,
      s.responsible.token,
      'POST',
      `/api/v1/viewing-rights/${first.json().id}/revocation`,
      {
        reason: 'Moved to another unit',
      },
    );
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await grant(s.responsible.token, s.viewer.id, s.siteId)).statusCode).toBe(201);
  });

  describe('with TWO_PERSON_DECISIONS off', () => {
    let single: TestApp;
    beforeAll(async () => {
      single = await startTestApp(dialect, { TWO_PERSON_DECISIONS: 'false' });
    });
    afterAll(() => single.close());

    it('a self-grant needs a reason but no confirmation', async () => {
      const siteId = await single.site();
      const responsible = await single.user(['responsible'], [siteId]);
      await single.user(['responsible'], [siteId]);
      const res = await call(single, responsible.token, 'POST', '/api/v1/viewing-rights', {
        userId: responsible.id,
        siteId,
        commitmentRef: 'DYNASTY-2026-78',
        commitmentSignedOn: new Date(Date.now() - 24 * hour).toISOString().slice(0, 10),
        reason: 'The director is on leave this month',
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().confirmation.required).toBe(false);
    });
  });
});
