import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp, userPassword } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';

/** Values no log line may hold: passwords, card numbers, plates (R11) and bearer tokens. */
const planted = {
  newUserPassword: 'planted-user-password-5150',
  setPassword: 'planted-set-password-6160',
  changedPassword: 'planted-changed-password-7170',
  wrongPassword: 'planted-wrong-password-8180',
  card: '3141 5926-5358',
  plate: 'ZQX-979',
};

describeEachDialect('the service’s own log', (dialect) => {
  let t: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(dialect, { LOG_LEVEL: 'trace' }, { logStream: { write: (l) => lines.push(l) } });
  });
  afterAll(() => t.close());

  it('holds no password, card number, plate or token of any route that takes one', async () => {
    const siteId = await t.site();
    const cameraId = await t.camera(siteId);
    const integration = await t.user(['integration']);
    const auditor = await t.user(['auditor']);
    const answers: number[] = [];
    const send = async (token: string | undefined, method: 'GET' | 'POST', url: string, body?: unknown) => {
      answers.push((await call(t, token, method, url, body)).statusCode);
    };

    // Users: created with a password, given another, which the user then changes.
    const created = await call(t, t.adminToken, 'POST', '/api/v1/users', {
      username: 'planted',
      displayName: 'Planted Values',
      password: planted.newUserPassword,
      roles: ['viewer'],
    });
    answers.push(created.statusCode);
    const userId = created.json<{ id: string }>().id;
    await send(t.adminToken, 'POST', `/api/v1/users/${userId}/password`, { password: planted.setPassword });
    await send(undefined, 'POST', '/api/v1/auth/login', {
      username: 'planted',
      password: planted.wrongPassword,
    });
    const token = await t.login('planted', planted.setPassword);
    await send(token, 'POST', '/api/v1/auth/password', {
      currentPassword: planted.setPassword,
      newPassword: planted.changedPassword,
    });

    // Recordings: the camera system pushes a card and a plate, the DPO searches them (R11).
    const at = new Date(Date.now() - 60_000).toISOString();
    await send(integration.token, 'POST', '/api/v1/recordings', {
      cardReads: [{ cameraId, externalId: 'card-1', cardNumber: planted.card, at }],
      plateReads: [{ cameraId, externalId: 'plate-1', plate: planted.plate, at }],
    });
    await send(auditor.token, 'GET', `/api/v1/recordings/search?card=${encodeURIComponent(planted.card)}`);
    await send(auditor.token, 'GET', `/api/v1/recordings/search?plate=${encodeURIComponent(planted.plate)}`);
    await send(auditor.token, 'GET', `/api/v1/recordings/search?card=${planted.card.replace(/\D/g, '')}`);
    expect(answers).toEqual([201, 204, 401, 200, 200, 200, 200, 200]);

    const log = lines.join('');
    expect(log).toContain('"url":"/api/v1/recordings/search'); // the request lines are there to read
    const secrets = [
      ...Object.values(planted),
      encodeURIComponent(planted.card),
      planted.card.replace(/\D/g, ''),
      planted.plate.replace('-', ''),
      userPassword,
      t.adminToken,
      integration.token,
      auditor.token,
      token,
    ];
    for (const secret of secrets) expect(log, secret).not.toContain(secret);
    expect(log).toContain('"url":"/api/v1/recordings/search?[redacted]"');
  });
});
