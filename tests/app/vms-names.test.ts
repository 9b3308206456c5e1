import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { multipartBody } from '../helpers/multipart.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/vms');

/** R6: camera-system names are kept as a person entered them and matched normalised. */
describeEachDialect('camera-system names as entered', (dialect) => {
  let t: TestApp;
  let siteId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    siteId = await t.site('Omatoimi-Itä');
  });
  afterAll(() => t.close());

  it('keeps a user’s camera-system names as typed, and refuses the same name in another spelling', async () => {
    const heikki = await t.user(['viewer'], [siteId], {
      vmsUsernames: ['[BASIC]\\HKorhonen', 'hkorhonen', 'hkorhonen@lahti.fi'],
    });
    const read = await call(t, t.adminToken, 'GET', `/api/v1/users/${heikki.id}`);
    expect(read.json().vmsUsernames).toEqual(['[BASIC]\\HKorhonen', 'hkorhonen@lahti.fi']);

    const other = await t.user(['viewer'], [siteId]);
    const taken = await call(t, t.adminToken, 'PATCH', `/api/v1/users/${other.id}`, {
      vmsUsernames: ['LAHTI\\hkorhonen'],
    });
    expect(taken.statusCode, taken.body).toBe(409);
    expect(taken.json()).toMatchObject({
      code: 'vms_username_taken',
      params: { name: 'LAHTI\\hkorhonen', username: heikki.username },
    });
  });

  it('keeps a camera’s names as typed and still matches an export’s other spelling of them', async () => {
    const camera = await call(t, t.adminToken, 'POST', '/api/v1/cameras', {
      siteId,
      name: 'Sisäänkäynti',
      vmsNames: ['Omatoimi-Itä Sisäänkäynti', 'OMATOIMI-ITÄ SISÄÄNKÄYNTI', '{3f1c-cam-1}'],
    });
    expect(camera.statusCode, camera.body).toBe(201);
    expect(camera.json().vmsNames).toEqual(['Omatoimi-Itä Sisäänkäynti', '{3f1c-cam-1}']);

    const responsible = await t.user(['responsible'], [siteId]);
    const { payload, headers } = multipartBody(
      { siteId, profile: 'milestone-xprotect' },
      { name: 'audit.csv', content: fs.readFileSync(path.join(fixtures, 'milestone-utf8-bom.csv')) },
    );
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vms-imports',
      payload,
      headers: { ...headers, authorization: `Bearer ${responsible.token}` },
    });
    expect(imported.statusCode, imported.body).toBe(201);
    // The export names the entrance in its own spelling; only the back door is unknown here.
    const unmapped: string[] = imported.json().unmappedCameraNames;
    expect(unmapped.length).toBeGreaterThan(0);
    expect(unmapped.map((n) => n.toLowerCase())).not.toContain('omatoimi-itä sisäänkäynti');
  });
});
