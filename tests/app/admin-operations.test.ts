import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp, userPassword } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { entryBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';
import { tamper } from '../helpers/tamper.js';

/** Cameras edited and deactivated, accounts unlocked, the ledger verified against a checkpoint. */
describeEachDialect('admin and auditor operations of the API', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  let auditor: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp(dialect, { LOCKOUT_THRESHOLD: '2' });
    f = await siteWithStaff(t);
    auditor = await t.user(['auditor']);
  });
  afterAll(async () => t?.close());

  const cameras = async () =>
    (await call(t, f.viewer.token, 'GET', `/api/v1/cameras?siteId=${f.siteId}`)).json<{
      items: { id: string; name: string; vmsNames: string[]; deactivatedAt: string | null }[];
    }>().items;

  it('renames a camera and changes its camera-system names; only an admin may', async () => {
    const id = f.cameraIds[0]!;
    const refused = await call(t, f.responsible.token, 'PATCH', `/api/v1/cameras/${id}`, { name: 'Piha' });
    expect(refused.statusCode).toBe(403);
    const res = await call(t, t.adminToken, 'PATCH', `/api/v1/cameras/${id}`, {
      name: 'Sisäänkäynti',
      vmsNames: ['Lahti Entrance 1'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const camera = (await cameras()).find((c) => c.id === id)!;
    expect(camera.name).toBe('Sisäänkäynti');
    expect(camera.vmsNames).toHaveLength(1);
    expect(camera.deactivatedAt).toBeNull();
  });

  it('refuses a name another camera of the site has, naming the field', async () => {
    const other = (await cameras()).find((c) => c.id === f.cameraIds[1])!;
    const res = await call(t, t.adminToken, 'PATCH', `/api/v1/cameras/${f.cameraIds[0]}`, {
      name: other.name,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'camera_name_taken' });
    expect((await cameras()).find((c) => c.id === f.cameraIds[0])!.name).toBe('Sisäänkäynti');
    const bad = await call(t, t.adminToken, 'PATCH', `/api/v1/cameras/${f.cameraIds[0]}`, { name: '' });
    expect(bad.statusCode).toBe(400);
    const missing = await call(t, t.adminToken, 'PATCH', '/api/v1/cameras/no-such-camera', { name: 'X' });
    expect(missing.statusCode).toBe(404);
  });

  it('deactivates a camera: kept in the list and in entries that name it, first time kept', async () => {
    const id = f.cameraIds[1]!;
    const entry = await call(
      t,
      f.viewer.token,
      'POST',
      '/api/v1/viewings',
      entryBody(f, { cameraIds: [id] }),
    );
    expect(entry.statusCode, entry.body).toBe(201);
    expect((await call(t, f.responsible.token, 'POST', `/api/v1/cameras/${id}/deactivate`)).statusCode).toBe(
      403,
    );
    const res = await call(t, t.adminToken, 'POST', `/api/v1/cameras/${id}/deactivate`);
    expect(res.statusCode, res.body).toBe(200);
    const first = res.json<{ deactivatedAt: string }>().deactivatedAt;
    expect(first).toMatch(/Z$/);
    const again = await call(t, t.adminToken, 'POST', `/api/v1/cameras/${id}/deactivate`);
    expect(again.json<{ deactivatedAt: string }>().deactivatedAt).toBe(first);
    expect((await cameras()).find((c) => c.id === id)?.deactivatedAt).toBe(first);
    const stored = await call(
      t,
      f.viewer.token,
      'GET',
      `/api/v1/viewings/${entry.json<{ id: string }>().id}`,
    );
    expect(stored.json()).toMatchObject({ original: { cameraIds: [id] } });
  });

  it('unlocks an account locked by wrong passwords; the password stays', async () => {
    const user = await t.user(['viewer'], [f.siteId]);
    const login = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: user.username, password },
      });
    for (let i = 0; i < 2; i++) expect((await login('wrong password here')).statusCode).toBe(401);
    expect((await login(userPassword)).statusCode).toBe(401);
    const locked = await call(t, t.adminToken, 'GET', `/api/v1/users/${user.id}`);
    expect(locked.json<{ lockedUntil: string | null }>().lockedUntil).not.toBeNull();
    expect((await call(t, auditor.token, 'POST', `/api/v1/users/${user.id}/unlock`)).statusCode).toBe(403);
    const res = await call(t, t.adminToken, 'POST', `/api/v1/users/${user.id}/unlock`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ lockedUntil: null });
    expect((await login(userPassword)).statusCode).toBe(200);
    const logged = await t.app.database.db
      .selectFrom('audit_events')
      .select(['actor_username', 'target_id'])
      .where('action', '=', 'user.unlock')
      .where('outcome', '=', 'success')
      .execute();
    expect(logged).toEqual([{ actor_username: 'admin', target_id: user.id }]);
  });

  it('verifies the ledger against a checkpoint: intact, forged (bad signature), broken at N', async () => {
    const checkpoint = (await call(t, auditor.token, 'POST', '/api/v1/ledger/checkpoints')).json<{
      seq: number;
    }>();
    const verify = (body: unknown) =>
      call(t, auditor.token, 'POST', '/api/v1/ledger/verify-checkpoint', body);
    expect(
      (await call(t, f.viewer.token, 'POST', '/api/v1/ledger/verify-checkpoint', checkpoint)).statusCode,
    ).toBe(403);
    const intact = await verify(checkpoint);
    expect(intact.statusCode, intact.body).toBe(200);
    expect(intact.json()).toMatchObject({ ok: true, checkpoint: { seq: checkpoint.seq } });

    const forged = await verify({ ...checkpoint, seq: 999 });
    expect(forged.json()).toEqual({
      ok: false,
      code: 'bad_signature',
      reason: expect.stringContaining('bad signature'),
    });
    expect((await verify({ format: 'cctv-ledger-checkpoint/1', seq: 1 })).statusCode).toBe(400);

    const entry = await call(t, f.viewer.token, 'POST', '/api/v1/viewings', entryBody(f));
    const seq = entry.json<{ seq: number }>().seq;
    await tamper(t, dialect, [`update viewings set description = 'Muutettu jälkikäteen' where seq = ${seq}`]);
    expect((await verify(checkpoint)).json()).toMatchObject({
      ok: false,
      brokenAt: seq,
      code: 'row_differs',
      table: 'viewings',
    });
  });
});
