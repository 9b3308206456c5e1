import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { deliveryBody, entryBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';

const minute = 60_000;

/** A time as a person types it in Helsinki: to the second. */
const typed = (at: Date, plusSeconds = 0) =>
  DateTime.fromMillis(at.getTime() + plusSeconds * 1000, { zone: 'Europe/Helsinki' })
    .startOf('second')
    .toISO({ suppressMilliseconds: true })!;

describeEachDialect('typed times against stamped times', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  /** Stamps the service writes carry milliseconds: 16:08:05.301. */
  const stampAt = (minutesAgo: number) =>
    new Date(Math.floor(Date.now() / 1000) * 1000 - minutesAgo * minute + 301);

  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t);
  });
  afterEach(() => t.setNow(undefined));
  afterAll(() => t.close());

  async function acceptedRequest(decidedAt: Date) {
    const registered = await call(t, f.viewer.token, 'POST', '/api/v1/requests', {
      requesterName: 'Constable Matti Mäkinen',
      organisation: 'Hämeen poliisilaitos',
      organisationIsPolice: true,
      contact: 'matti.makinen@poliisi.fi',
      reference: '5500/R/12345/26',
      asks: ['copy'],
      siteId: f.siteId,
      cameraIds: [f.cameraIds[0]],
      footageFrom: new Date(Date.now() - 30 * 60 * minute).toISOString(),
      footageTo: new Date(Date.now() - 29 * 60 * minute).toISOString(),
      statedLegalBasis: 'Poliisilaki 4:2',
      receivedAt: new Date(decidedAt.getTime() - 5 * minute).toISOString(),
      channel: 'email',
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const id = registered.json<{ id: string }>().id;
    await t.setNow(decidedAt);
    const decided = await call(t, f.responsible.token, 'POST', `/api/v1/requests/${id}/decision`, {
      decision: 'accepted',
      reason: 'Police case under R8',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    return id;
  }

  const makeCopy = async (requestId: string, madeAt?: string) =>
    call(t, f.responsible.token, 'POST', `/api/v1/requests/${requestId}/copies`, {
      cameraIds: [f.cameraIds[0]],
      footageFrom: new Date(Date.now() - 30 * 60 * minute).toISOString(),
      footageTo: new Date(Date.now() - 29 * 60 * minute).toISOString(),
      medium: 'encrypted USB stick',
      identifier: 'USB-0042',
      storageLocation: 'Safe in the back office',
      ...(madeAt ? { madeAt } : {}),
    });

  it('delivers and destroys a copy at the second it was stamped as made, not a second before', async () => {
    const requestId = await acceptedRequest(stampAt(30));
    const madeAt = stampAt(20);
    await t.setNow(madeAt);
    const delivered = (await makeCopy(requestId)).json<{ id: string; madeAt: string }>();
    const undelivered = (await makeCopy(requestId)).json<{ id: string }>();
    expect(delivered.madeAt).toBe(madeAt.toISOString());
    const delivery = (at: string) =>
      call(t, f.responsible.token, 'POST', `/api/v1/copies/${delivered.id}/delivery`, deliveryBody(at));
    const early = await delivery(typed(madeAt, -1));
    expect(early.statusCode).toBe(409);
    expect(early.json().errors[0].field).toBe('deliveredAt');
    const sameSecond = await delivery(typed(madeAt));
    expect(sameSecond.statusCode, sameSecond.body).toBe(200);

    const destroy = (at: string) =>
      call(t, f.responsible.token, 'POST', `/api/v1/copies/${undelivered.id}/destruction`, {
        destroyedAt: at,
        method: 'wiped',
        reason: 'The police took the footage directly',
      });
    expect((await destroy(typed(madeAt, -1))).statusCode).toBe(409);
    const destroyed = await destroy(typed(madeAt));
    expect(destroyed.statusCode, destroyed.body).toBe(200);
  });

  it('R2, R8: refuses a copy made before the decision that allowed it, naming madeAt', async () => {
    const decidedAt = stampAt(10);
    const requestId = await acceptedRequest(decidedAt);
    await t.setNow(stampAt(5));
    const before = await makeCopy(requestId, typed(decidedAt, -1));
    expect(before.statusCode).toBe(422);
    expect(before.json()).toMatchObject({ rule: 'R2', errors: [{ field: 'madeAt' }] });
    expect(before.json().detail).toContain('madeAt');
    const sameSecond = await makeCopy(requestId, typed(decidedAt));
    expect(sameSecond.statusCode, sameSecond.body).toBe(201);
  });

  it('R3: a viewing typed at the second a right was stamped as granted is covered by it', async () => {
    const viewer = await t.user(['viewer'], [f.siteId]);
    const grantedAt = stampAt(15);
    await t.setNow(grantedAt);
    const granted = await call(t, f.responsible.token, 'POST', '/api/v1/viewing-rights', {
      userId: viewer.id,
      siteId: f.siteId,
      commitmentRef: 'DYNASTY-2026-99',
      commitmentSignedOn: DateTime.fromJSDate(grantedAt).minus({ days: 1 }).toISODate(),
    });
    expect(granted.statusCode, granted.body).toBe(201);
    expect(granted.json().validFrom).toBe(grantedAt.toISOString());
    await t.setNow(stampAt(14));
    const body = (at: string) =>
      entryBody(f, {
        viewedAt: at,
        footageFrom: new Date(grantedAt.getTime() - 60 * minute).toISOString(),
        footageTo: new Date(grantedAt.getTime() - 30 * minute).toISOString(),
      });
    const before = await call(t, viewer.token, 'POST', '/api/v1/viewings', body(typed(grantedAt, -1)));
    expect(before.statusCode).toBe(422);
    expect(before.json().rule).toBe('R3');
    const same = await call(t, viewer.token, 'POST', '/api/v1/viewings', body(typed(grantedAt)));
    expect(same.statusCode, same.body).toBe(201);

    const revoke = (effectiveAt: string) =>
      call(t, f.responsible.token, 'POST', `/api/v1/viewing-rights/${granted.json().id}/revocation`, {
        reason: 'Moved to another library',
        effectiveAt,
      });
    expect((await revoke(typed(grantedAt, -1))).statusCode).toBe(400);
    const revoked = await revoke(typed(grantedAt));
    expect(revoked.statusCode, revoked.body).toBe(200);
  });

  it('R7: amends the end of a viewing to the second its start was given to the millisecond', async () => {
    const viewedAt = stampAt(8);
    await t.setNow(viewedAt);
    // A client (the web form) sends the start as the clock gave it, milliseconds and all.
    const body = entryBody(f, { viewedAt: viewedAt.toISOString() });
    const created = await call(t, f.viewer.token, 'POST', '/api/v1/viewings', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().viewedAt).toBe(viewedAt.toISOString());
    await t.setNow(stampAt(7));
    const amend = (viewedUntil: string) =>
      call(t, f.viewer.token, 'POST', `/api/v1/viewings/${created.json().id}/amendments`, {
        changes: { viewedUntil },
        reason: 'The viewing was a glance at one frame',
      });
    expect((await amend(typed(viewedAt, -1))).statusCode).toBe(422);
    const same = await amend(typed(viewedAt));
    expect(same.statusCode, same.body).toBe(201);
  });
});
