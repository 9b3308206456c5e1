import { expect } from 'vitest';
import { call, type TestApp } from './app.js';

export interface SiteFixture {
  siteId: string;
  cameraIds: string[];
  responsible: { id: string; username: string; token: string };
  viewer: { id: string; username: string; token: string };
}

/** A site with two cameras, a responsible person and a viewer, both holding rights since a day ago. */
export async function siteWithStaff(
  t: TestApp,
  validFrom = new Date(Date.now() - 86_400_000),
): Promise<SiteFixture> {
  const siteId = await t.site();
  const cameraIds = [await t.camera(siteId), await t.camera(siteId)];
  const responsible = await t.user(['responsible'], [siteId]);
  const viewer = await t.user(['viewer'], [siteId]);
  for (const u of [responsible, viewer]) await grant(t, responsible.token, u.id, siteId, validFrom);
  return { siteId, cameraIds, responsible, viewer };
}

export async function grant(t: TestApp, token: string, userId: string, siteId: string, validFrom: Date) {
  const res = await call(t, token, 'POST', '/api/v1/viewing-rights', {
    userId,
    siteId,
    commitmentRef: 'DYNASTY-2026-1234',
    commitmentSignedOn: new Date(validFrom.getTime() - 86_400_000).toISOString().slice(0, 10),
    validFrom: validFrom.toISOString(),
    // R3: the fixtures' rights start a day back and are partly self-granted.
    reason: 'Siirretty vanhasta katseluoikeusrekisteristä',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

/** A valid entry body for the fixture's viewer, viewed 5 minutes ago. */
export function entryBody(f: SiteFixture, overrides: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    viewedAt: new Date(now - 5 * 60_000).toISOString(),
    siteId: f.siteId,
    cameraIds: [f.cameraIds[0]],
    description: 'Broken window at the entrance',
    footageFrom: new Date(now - 3 * 3_600_000).toISOString(),
    footageTo: new Date(now - 2 * 3_600_000).toISOString(),
    footageTimeEstimated: false,
    grounds: 'crime_investigation',
    justification: 'Vandalism reported by staff in the morning',
    decidedBy: { userId: f.responsible.id },
    ...overrides,
  };
}

/** A valid outside request from the police for the fixture's site, footage of 30 hours ago. */
export function requestBody(f: SiteFixture, overrides: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    requesterName: 'Constable Matti Mäkinen',
    organisation: 'Hämeen poliisilaitos',
    organisationIsPolice: true,
    contact: 'matti.makinen@poliisi.fi',
    reference: '5500/R/12345/26',
    asks: ['viewing', 'copy'],
    siteId: f.siteId,
    cameraIds: [f.cameraIds[0]],
    footageFrom: new Date(now - 30 * 3_600_000).toISOString(),
    footageTo: new Date(now - 29 * 3_600_000).toISOString(),
    statedLegalBasis: 'Poliisilaki 4:2',
    receivedAt: new Date(now - 60_000).toISOString(),
    channel: 'email',
    ...overrides,
  };
}

/** A valid copy of the fixture's footage for an accepted request. */
export function copyBody(f: SiteFixture) {
  const now = Date.now();
  return {
    cameraIds: [f.cameraIds[0]],
    footageFrom: new Date(now - 30 * 3_600_000).toISOString(),
    footageTo: new Date(now - 29 * 3_600_000).toISOString(),
    medium: 'encrypted USB stick',
    identifier: 'USB-0042',
    storageLocation: 'Safe in the back office',
  };
}

/** The police's receipt of a copy handed over at `deliveredAt` (R2). */
export function deliveryBody(deliveredAt: string = new Date().toISOString()) {
  return {
    deliveredAt,
    recipientName: 'Matti Mäkinen',
    recipientUnit: 'Lahti police station',
    receiptRef: 'KUITTI-7',
  };
}
