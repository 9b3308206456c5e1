import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { entryBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';

const minute = 60_000;
const hour = 60 * minute;

describeEachDialect('amendments change only what they name (R4)', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  let requestId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t);
    const request = await call(t, f.viewer.token, 'POST', '/api/v1/requests', {
      requesterName: 'Constable Matti Mäkinen',
      organisation: 'Hämeen poliisilaitos',
      organisationIsPolice: true,
      contact: 'matti.makinen@poliisi.fi',
      reference: '5500/R/777/26',
      asks: ['viewing'],
      siteId: f.siteId,
      cameraIds: [f.cameraIds[0]],
      footageFrom: new Date(Date.now() - 4 * hour).toISOString(),
      footageTo: new Date(Date.now() - 3 * hour).toISOString(),
      statedLegalBasis: 'Poliisilaki 4:2',
      receivedAt: new Date(Date.now() - minute).toISOString(),
      channel: 'email',
    });
    expect(request.statusCode, request.body).toBe(201);
    requestId = request.json().id;
    const decided = await call(t, f.responsible.token, 'POST', `/api/v1/requests/${requestId}/decision`, {
      decision: 'accepted',
      reason: 'Police case, lawful under R8',
    });
    expect(decided.statusCode, decided.body).toBe(200);
  });
  afterAll(() => t.close());

  const amend = (id: string, changes: Record<string, unknown>) =>
    call(t, f.viewer.token, 'POST', `/api/v1/viewings/${id}/amendments`, {
      changes,
      reason: 'Corrected after checking the notes',
    });

  /** An entry that sets every field away from its default, so no default can pass unseen. */
  async function entry() {
    const res = await call(
      t,
      f.viewer.token,
      'POST',
      '/api/v1/viewings',
      entryBody(f, {
        footageTimeEstimated: true,
        viewedUntil: new Date(Date.now() - 4 * minute).toISOString(),
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Record<string, unknown> & { id: string }>();
  }

  // One new value for each field an amendment may change, and the value it is stored as.
  const cases: Array<[string, () => unknown, (stored: unknown) => void]> = [
    ['viewedAt', () => new Date(Date.now() - 6 * minute).toISOString(), (v) => expect(v).toMatch(/Z$/)],
    ['viewedUntil', () => new Date(Date.now() - 2 * minute).toISOString(), (v) => expect(v).toMatch(/Z$/)],
    ['cameraIds', () => [f.cameraIds[1]], (v) => expect(v).toEqual([f.cameraIds[1]])],
    ['description', () => 'Broken window at the side door', (v) => expect(v).toContain('side door')],
    ['footageFrom', () => new Date(Date.now() - 4 * hour).toISOString(), (v) => expect(v).toMatch(/Z$/)],
    ['footageTo', () => new Date(Date.now() - 90 * minute).toISOString(), (v) => expect(v).toMatch(/Z$/)],
    ['footageTimeEstimated', () => false, (v) => expect(v).toBe(false)],
    ['grounds', () => 'accident_investigation', (v) => expect(v).toBe('accident_investigation')],
    [
      'justification',
      () => 'A customer fell on the stairs at closing time',
      (v) => expect(v).toContain('fell'),
    ],
    [
      'decidedBy',
      () => ({ name: 'Kirjastotoimenjohtaja Liisa Virtanen' }),
      (v) => expect(v).toMatchObject({ name: 'Kirjastotoimenjohtaja Liisa Virtanen' }),
    ],
    ['requestId', () => requestId, (v) => expect(v).toBe(requestId)],
  ];

  describe.each(cases)('%s', (field, value, check) => {
    it('changes that field and no other', async () => {
      const created = await entry();
      const res = await amend(created.id, { [field]: value() });
      expect(res.statusCode, res.body).toBe(201);
      const history = res.json();
      expect(Object.keys(history.amendments[0].changes)).toEqual([field]);
      check(history.effective[field]);
      const { [field]: _before, ...untouched } = created;
      const { [field]: _after, ...rest } = history.effective;
      expect(rest).toEqual(untouched);
    });

    it('is refused when it restates the current value', async () => {
      const created = await entry();
      let current = field === 'decidedBy' ? { userId: f.responsible.id } : created[field];
      if (current === null) {
        // A field the entry left empty: set it first, then restate it.
        current = value();
        expect((await amend(created.id, { [field]: current })).statusCode).toBe(201);
      }
      const res = await amend(created.id, { [field]: current });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'amendment_unchanged', rule: 'R4' });
      expect(res.json().errors[0].field).toBe(`changes.${field}`);
    });
  });

  it('keeps an estimated footage time when only the description is corrected', async () => {
    const created = await entry();
    const res = await amend(created.id, { description: 'Broken window at the side door' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().amendments[0].changes).toEqual({ description: 'Broken window at the side door' });
    expect(res.json().effective.footageTimeEstimated).toBe(true);
  });

  it('refuses an amendment that names no change, and records nothing', async () => {
    const created = await entry();
    const res = await amend(created.id, {});
    expect(res.statusCode, res.body).toBe(400);
    const history = (await call(t, f.viewer.token, 'GET', `/api/v1/viewings/${created.id}`)).json();
    expect(history.amendments).toHaveLength(0);
  });

  it('counts the same cameras in another order as no change', async () => {
    const created = await call(
      t,
      f.viewer.token,
      'POST',
      '/api/v1/viewings',
      entryBody(f, { cameraIds: [f.cameraIds[0], f.cameraIds[1]] }),
    );
    const res = await amend(created.json().id, {
      cameraIds: [f.cameraIds[1], f.cameraIds[0], f.cameraIds[1]],
    });
    expect(res.statusCode, res.body).toBe(422);
  });
});
