import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { entryBody, grant, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';

const hour = 3_600_000;

describeEachDialect('viewing protocol', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t);
  });
  afterAll(() => t.close());

  const post = (token: string, body: unknown) => call(t, token, 'POST', '/api/v1/viewings', body);

  async function expectRefused(
    body: unknown,
    status: number,
    field: string,
    rule?: string,
    token = f.viewer.token,
  ) {
    const res = await post(token, body);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    if (rule) {
      expect(problem.detail).toContain(rule);
    }
    return problem;
  }

  describe('entries', () => {
    it('records an entry with the six items, seq, hash, recordedAt and late=false', async () => {
      const res = await post(f.viewer.token, entryBody(f));
      expect(res.statusCode, res.body).toBe(201);
      const e = res.json();
      expect(e).toMatchObject({
        siteId: f.siteId,
        viewerId: f.viewer.id,
        recordedBy: f.viewer.id,
        grounds: 'crime_investigation',
        decidedBy: { userId: f.responsible.id },
        late: false,
        lateByMinutes: null,
        source: 'service',
      });
      expect(e.seq).toBeGreaterThan(0);
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(e.viewedAt.endsWith('Z')).toBe(true);
      // R10: exactly one access-log row, committed with the entry.
      const auditor = await t.user(['auditor']);
      const log = await call(
        t,
        auditor.token,
        'GET',
        `/api/v1/audit-events?action=viewing.record&actorId=${f.viewer.id}`,
      );
      expect(log.json().items).toHaveLength(1);
      expect(log.json().items[0]).toMatchObject({
        outcome: 'success',
        status: 201,
        actorUsername: f.viewer.username,
      });
    });

    it('requires viewedAt: when the viewing happened is never assumed (R5)', async () => {
      const body = entryBody(f);
      delete (body as { viewedAt?: string }).viewedAt;
      const res = await post(f.viewer.token, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('viewedAt');
    });

    it('R3: refuses a viewer without a right at viewedAt, and accepts once the right started', async () => {
      const other = await t.user(['viewer'], [f.siteId]);
      await expectRefused(entryBody(f), 422, 'viewerId', 'R3', other.token);
      await grant(t, f.responsible.token, other.id, f.siteId, new Date(Date.now() - 60 * 60_000));
      await expectRefused(
        entryBody(f, {
          viewedAt: new Date(Date.now() - 2 * hour).toISOString(),
          footageTo: new Date(Date.now() - 2.5 * hour).toISOString(),
          footageFrom: new Date(Date.now() - 3 * hour).toISOString(),
        }),
        422,
        'viewerId',
        'R3',
        other.token,
      );
      expect((await post(other.token, entryBody(f))).statusCode).toBe(201);
    });

    it('R3: a revoked right no longer allows viewings after its effective time', async () => {
      const u = await t.user(['viewer'], [f.siteId]);
      const rightId = await grant(t, f.responsible.token, u.id, f.siteId, new Date(Date.now() - 48 * hour));
      const revoke = await call(
        t,
        f.responsible.token,
        'POST',
        `/api/v1/viewing-rights/${rightId}/revocation`,
        {
          reason: 'Left the library',
          effectiveAt: new Date(Date.now() - 24 * hour).toISOString(),
        },
      );
      expect(revoke.statusCode, revoke.body).toBe(200);
      await expectRefused(entryBody(f), 422, 'viewerId', 'R3', u.token);
      const past = entryBody(f, {
        viewedAt: new Date(Date.now() - 30 * hour).toISOString(),
        footageFrom: new Date(Date.now() - 32 * hour).toISOString(),
        footageTo: new Date(Date.now() - 31 * hour).toISOString(),
        delayReason: 'Recorded from the paper notes of yesterday',
      });
      const res = await post(u.token, past);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().late).toBe(true);
    });

    it('R7: footage must be ordered and not after the viewing; viewedAt not in the future', async () => {
      const now = Date.now();
      await expectRefused(
        entryBody(f, {
          footageFrom: new Date(now - hour).toISOString(),
          footageTo: new Date(now - 2 * hour).toISOString(),
        }),
        422,
        'footageFrom',
        'R7',
      );
      await expectRefused(entryBody(f, { footageTo: new Date(now).toISOString() }), 422, 'footageTo', 'R7');
      await expectRefused(
        entryBody(f, { viewedAt: new Date(now + 5 * 60_000).toISOString() }),
        422,
        'viewedAt',
        'R7',
      );
      // 1 minute ahead is within the allowed clock skew
      const skewed = await post(
        f.viewer.token,
        entryBody(f, { viewedAt: new Date(now + 60_000).toISOString() }),
      );
      expect(skewed.statusCode, skewed.body).toBe(201);
    });

    it('R7: cameras must belong to the site', async () => {
      const otherSite = await t.site();
      const foreignCamera = await t.camera(otherSite);
      await expectRefused(
        entryBody(f, { cameraIds: [f.cameraIds[0], foreignCamera] }),
        422,
        'cameraIds.1',
        'R7',
      );
      await expectRefused(entryBody(f, { cameraIds: ['no-such-camera'] }), 400, 'cameraIds.0');
    });

    it('R9: grounds must be a lawful category', async () => {
      const p = await expectRefused(entryBody(f, { grounds: 'curiosity' }), 400, 'grounds');
      expect(p.detail).toContain('R9');
    });

    it('R7.3: the justification is required and not blank', async () => {
      await expectRefused(entryBody(f, { justification: '   ' }), 400, 'justification');
      await expectRefused(entryBody(f, { justification: 'short' }), 400, 'justification');
    });

    it('R13: a plain viewer cannot decide their own viewing; a responsible person may', async () => {
      await expectRefused(entryBody(f, { decidedBy: { userId: f.viewer.id } }), 422, 'decidedBy', 'R13');
      const own = await post(f.responsible.token, entryBody(f, { decidedBy: { userId: f.responsible.id } }));
      expect(own.statusCode, own.body).toBe(201);
      const outsider = await post(
        f.viewer.token,
        entryBody(f, { decidedBy: { name: 'Library Director Liisa Virtanen' } }),
      );
      expect(outsider.statusCode, outsider.body).toBe(201);
      expect(outsider.json().decidedBy).toEqual({ userId: null, name: 'Library Director Liisa Virtanen' });
    });

    it('R1: footage older than 336 h at viewing time needs an accepted request', async () => {
      const now = Date.now();
      const old = entryBody(f, {
        footageFrom: new Date(now - 337 * hour).toISOString(),
        footageTo: new Date(now - 336.5 * hour).toISOString(),
      });
      await expectRefused(old, 422, 'footageFrom', 'R1');
      const justInside = entryBody(f, {
        footageFrom: new Date(now - 335 * hour).toISOString(),
        footageTo: new Date(now - 334 * hour).toISOString(),
      });
      expect((await post(f.viewer.token, justInside)).statusCode).toBe(201);
    });

    it('R5: a late entry is accepted with the reason for its delay and flagged late, by how much', async () => {
      const now = Date.now();
      const late = entryBody(f, {
        viewedAt: new Date(now - 3 * hour).toISOString(),
        viewedUntil: new Date(now - 2 * hour).toISOString(),
        footageFrom: new Date(now - 5 * hour).toISOString(),
        footageTo: new Date(now - 4 * hour).toISOString(),
      });
      const asked = await expectRefused(late, 422, 'delayReason', 'R5');
      expect(asked.code).toBe('delay_reason_missing');
      const reason = 'The service was down during the evening shift';
      const res = await post(f.viewer.token, { ...late, delayReason: reason });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().late).toBe(true);
      expect(res.json().delayReason).toBe(reason);
      expect(res.json().lateByMinutes).toBeGreaterThanOrEqual(60);
      expect(res.json().lateByMinutes).toBeLessThanOrEqual(61);
      const read = (await call(t, f.viewer.token, 'GET', `/api/v1/viewings/${res.json().id}`)).json();
      expect(read.original.delayReason).toBe(reason);
      const listed = (await call(t, f.viewer.token, 'GET', '/api/v1/viewings?late=true&limit=500')).json();
      expect(listed.items.find((v: { id: string }) => v.id === res.json().id).delayReason).toBe(reason);
      const onTime = await post(
        f.viewer.token,
        entryBody(f, { viewedAt: new Date(now - 59 * 60_000).toISOString() }),
      );
      expect(onTime.json().late).toBe(false);
      expect(onTime.json().delayReason).toBeNull();
      const needless = await post(f.viewer.token, entryBody(f, { delayReason: reason }));
      expect(needless.statusCode).toBe(400);
      const verify = await call(t, f.responsible.token, 'GET', '/api/v1/ledger/verify');
      expect(verify.json().ok).toBe(true);
    });

    it('only a responsible person may record on behalf of someone else; recordedBy is the caller', async () => {
      const other = await t.user(['viewer'], [f.siteId]);
      const refused = await post(other.token, entryBody(f, { viewerId: f.viewer.id }));
      expect(refused.statusCode).toBe(403);
      const onBehalf = await post(f.responsible.token, entryBody(f, { viewerId: f.viewer.id }));
      expect(onBehalf.statusCode, onBehalf.body).toBe(201);
      expect(onBehalf.json()).toMatchObject({ viewerId: f.viewer.id, recordedBy: f.responsible.id });
    });

    it('has no PUT, PATCH or DELETE', async () => {
      const created = (await post(f.viewer.token, entryBody(f))).json();
      for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
        const res = await call(t, f.viewer.token, method, `/api/v1/viewings/${created.id}`, {});
        expect(res.statusCode).toBe(404);
      }
    });
  });

  describe('amendments', () => {
    it('keeps the original, lists every amendment and shows effective values', async () => {
      const created = (await post(f.viewer.token, entryBody(f))).json();
      const a1 = await call(t, f.viewer.token, 'POST', `/api/v1/viewings/${created.id}/amendments`, {
        changes: { description: 'Broken window at the side door', cameraIds: [f.cameraIds[1]] },
        reason: 'Wrong door noted at first',
      });
      expect(a1.statusCode, a1.body).toBe(201);
      const a2 = await call(t, f.responsible.token, 'POST', `/api/v1/viewings/${created.id}/amendments`, {
        changes: { footageTimeEstimated: true },
        reason: 'Time was estimated from memory',
      });
      expect(a2.statusCode, a2.body).toBe(201);
      const got = (await call(t, f.viewer.token, 'GET', `/api/v1/viewings/${created.id}`)).json();
      expect(got.original.description).toBe('Broken window at the entrance');
      expect(got.amendments).toHaveLength(2);
      expect(got.effective).toMatchObject({
        description: 'Broken window at the side door',
        cameraIds: [f.cameraIds[1]],
        footageTimeEstimated: true,
        seq: created.seq,
      });
      const listed = (await call(t, f.viewer.token, 'GET', `/api/v1/viewings?limit=500`)).json();
      expect(listed.items.find((v: { id: string }) => v.id === created.id).description).toBe(
        'Broken window at the side door',
      );
    });

    it('refuses a correction that breaks a rule, and unknown fields', async () => {
      const created = (await post(f.viewer.token, entryBody(f))).json();
      const bad = await call(t, f.viewer.token, 'POST', `/api/v1/viewings/${created.id}/amendments`, {
        changes: { decidedBy: { userId: f.viewer.id } },
        reason: 'Trying to decide myself',
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().rule).toBe('R13');
      const unknown = await call(t, f.viewer.token, 'POST', `/api/v1/viewings/${created.id}/amendments`, {
        changes: { viewerId: f.responsible.id },
        reason: 'Change who viewed',
      });
      expect(unknown.statusCode).toBe(400);
      const history = (await call(t, f.viewer.token, 'GET', `/api/v1/viewings/${created.id}`)).json();
      expect(history.amendments).toHaveLength(0);
    });
  });

  describe('reading (BOLA)', () => {
    it('a viewer sees their own entries only; another site’s staff get 404; auditors see all', async () => {
      const mine = (await post(f.viewer.token, entryBody(f))).json();
      const g = await siteWithStaff(t);
      const theirs = (await post(g.viewer.token, entryBody(g))).json();
      expect((await call(t, f.viewer.token, 'GET', `/api/v1/viewings/${theirs.id}`)).statusCode).toBe(404);
      expect((await call(t, g.responsible.token, 'GET', `/api/v1/viewings/${mine.id}`)).statusCode).toBe(404);
      const sameSiteViewer = await t.user(['viewer'], [f.siteId]);
      expect((await call(t, sameSiteViewer.token, 'GET', `/api/v1/viewings/${mine.id}`)).statusCode).toBe(
        404,
      );
      const list = (await call(t, f.viewer.token, 'GET', '/api/v1/viewings?limit=500')).json();
      expect(list.items.every((v: { viewerId: string }) => v.viewerId === f.viewer.id)).toBe(true);
      expect(list.items.some((v: { id: string }) => v.id === theirs.id)).toBe(false);
      const respList = (await call(t, f.responsible.token, 'GET', `/api/v1/viewings?limit=500`)).json();
      expect(respList.items.every((v: { siteId: string }) => v.siteId === f.siteId)).toBe(true);
      const auditor = await t.user(['auditor']);
      expect((await call(t, auditor.token, 'GET', `/api/v1/viewings/${theirs.id}`)).statusCode).toBe(200);
    });

    it('paginates with a cursor and filters, and logs every read (R10)', async () => {
      const auditor = await t.user(['auditor']);
      const page1 = (
        await call(t, auditor.token, 'GET', `/api/v1/viewings?siteId=${f.siteId}&limit=2`)
      ).json();
      expect(page1.items).toHaveLength(2);
      const page2 = (
        await call(
          t,
          auditor.token,
          'GET',
          `/api/v1/viewings?siteId=${f.siteId}&limit=2&cursor=${page1.nextCursor}`,
        )
      ).json();
      expect(page2.items[0].seq).toBeLessThan(page1.items[1].seq);
      const late = (await call(t, auditor.token, 'GET', `/api/v1/viewings?late=true&limit=500`)).json();
      expect(late.items.length).toBeGreaterThan(0);
      expect(late.items.every((v: { late: boolean }) => v.late)).toBe(true);
      const log = (
        await call(t, auditor.token, 'GET', `/api/v1/audit-events?actorId=${auditor.id}&action=viewing.list`)
      ).json();
      expect(log.items.length).toBe(3);
      expect(log.items[0].detail.query.late).toBe('true');
    });
  });

  describe('viewing rights', () => {
    it('requires a commitment, never starts before it, and keeps history answerable for any past time', async () => {
      const u = await t.user(['viewer'], [f.siteId]);
      const missing = await call(t, f.responsible.token, 'POST', '/api/v1/viewing-rights', {
        userId: u.id,
        siteId: f.siteId,
        commitmentSignedOn: '2026-01-01',
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors.map((e: { field: string }) => e.field)).toContain('commitmentRef');
      const early = await call(t, f.responsible.token, 'POST', '/api/v1/viewing-rights', {
        userId: u.id,
        siteId: f.siteId,
        commitmentRef: 'D-1',
        commitmentSignedOn: '2026-01-10',
        validFrom: '2026-01-09T12:00:00Z',
      });
      expect(early.statusCode).toBe(422);
      expect(early.json().rule).toBe('R3');
      const ok = await call(t, f.responsible.token, 'POST', '/api/v1/viewing-rights', {
        userId: u.id,
        siteId: f.siteId,
        commitmentRef: 'D-1',
        commitmentSignedOn: '2026-01-10',
        validFrom: '2026-01-10T08:00:00+02:00',
        reason: 'Moved from the old register of rights',
      });
      expect(ok.statusCode, ok.body).toBe(201);
      await call(t, f.responsible.token, 'POST', `/api/v1/viewing-rights/${ok.json().id}/revocation`, {
        reason: 'Moved to another unit',
        effectiveAt: '2026-03-01T00:00:00Z',
      });
      const at = (iso: string) =>
        call(
          t,
          f.responsible.token,
          'GET',
          `/api/v1/viewing-rights?userId=${u.id}&activeAt=${encodeURIComponent(iso)}`,
        );
      expect((await at('2026-01-10T05:59:59Z')).json().items).toHaveLength(0);
      expect((await at('2026-01-10T06:00:00Z')).json().items).toHaveLength(1);
      expect((await at('2026-02-28T23:59:59Z')).json().items).toHaveLength(1);
      expect((await at('2026-03-01T00:00:00Z')).json().items).toHaveLength(0);
      const twice = await call(
        t,
        f.responsible.token,
        'POST',
        `/api/v1/viewing-rights/${ok.json().id}/revocation`,
        { reason: 'Revoked a second time' },
      );
      expect(twice.statusCode).toBe(409);
    });

    it('only a responsible person of that site grants', async () => {
      const g = await siteWithStaff(t);
      const res = await call(t, g.responsible.token, 'POST', '/api/v1/viewing-rights', {
        userId: f.viewer.id,
        siteId: f.siteId,
        commitmentRef: 'D-2',
        commitmentSignedOn: '2026-01-10',
      });
      expect(res.statusCode).toBe(403);
      const byViewer = await call(t, f.viewer.token, 'POST', '/api/v1/viewing-rights', {
        userId: f.viewer.id,
        siteId: f.siteId,
        commitmentRef: 'D-2',
        commitmentSignedOn: '2026-01-10',
      });
      expect(byViewer.statusCode).toBe(403);
    });
  });

  it('the chain verifies after all of the above', async () => {
    const auditor = await t.user(['auditor']);
    const res = await call(t, auditor.token, 'GET', '/api/v1/ledger/verify');
    expect(res.json()).toMatchObject({ ok: true });
    expect(res.json().head.seq).toBeGreaterThan(10);
  });
});
