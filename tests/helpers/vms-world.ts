import { expect } from 'vitest';
import { call, type TestApp } from './app.js';

/**
 * The site tests/fixtures/vms describe (14 March 2025, Omatoimi-Itä) with its two cameras, a
 * responsible person, and the viewer whose VMS name the exports carry, both holding rights
 * since January.
 */
export async function vmsWorld(t: TestApp) {
  const siteId = await t.site('Omatoimi-Itä');
  await t.camera(siteId, 'Sisäänkäynti', ['Omatoimi-Itä Sisäänkäynti']);
  await t.camera(siteId, 'Takaovi', ['Omatoimi-Itä Takaovi']);
  const responsible = await t.user(['responsible'], [siteId]);
  const heikki = await t.user(['viewer'], [siteId], { vmsUsernames: ['hkorhonen'] });
  for (const u of [responsible, heikki]) {
    const res = await call(t, responsible.token, 'POST', '/api/v1/viewing-rights', {
      userId: u.id,
      siteId,
      commitmentRef: 'DYNASTY-2025-1',
      commitmentSignedOn: '2025-01-01',
      validFrom: '2025-01-02T08:00:00+02:00',
      // R3: a right back-dated by more than 24 hours carries a reason.
      reason: 'Siirretty vanhasta katseluoikeusrekisteristä',
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  return { siteId, responsible, heikki };
}
