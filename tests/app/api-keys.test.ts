import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';

describeEachDialect('API keys of integration accounts', (dialect) => {
  let t: TestApp;
  let site: string;
  let otherSite: string;
  let camera: string;
  let otherCamera: string;
  let integration: { id: string; token: string };

  const inAYear = () => new Date(Date.now() + 300 * 86_400_000).toISOString();
  const makeKey = async (userId: string, expiresAt = inAYear()) =>
    call(t, t.adminToken, 'POST', `/api/v1/users/${userId}/api-keys`, { label: 'Milestone', expiresAt });
  const push = (key: string, cameraId: string, externalId: string) =>
    call(t, key, 'POST', '/api/v1/recordings', {
      segments: [
        {
          cameraId,
          externalId,
          start: new Date(Date.now() - 3_600_000).toISOString(),
          end: new Date(Date.now() - 1_800_000).toISOString(),
          imageRef: 'rec://1',
        },
      ],
    });
  const lastKeyRefusal = async () => {
    const row = await t.app.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.api_key')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return { ...row, detail: JSON.parse(row.detail ?? '{}') as Record<string, unknown> };
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    site = await t.site();
    otherSite = await t.site();
    camera = await t.camera(site);
    otherCamera = await t.camera(otherSite);
    integration = await t.user(['integration'], [site]);
  });
  afterAll(() => t.close());

  it('pushes recording metadata with a key shown once and stored hashed', async () => {
    const made = await makeKey(integration.id);
    expect(made.statusCode, made.body).toBe(201);
    const { key, id } = made.json<{ key: string; id: string }>();
    expect(key).toMatch(/^cctvk_/);
    const stored = await t.app.database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key);
    const listed = await call(t, t.adminToken, 'GET', `/api/v1/users/${integration.id}/api-keys`);
    expect(listed.body).not.toContain(key);
    expect(listed.json().items).toHaveLength(1);

    const pushed = await push(key, camera, 'seg-1');
    expect(pushed.statusCode, pushed.body).toBe(200);
    expect(pushed.json().accepted).toHaveLength(1);
    const logged = await t.app.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'recording.ingest')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(logged).toMatchObject({ actor_id: integration.id, outcome: 'success' });
  });

  it('is scoped to the integration role and to the account’s sites: it cannot read the ledger', async () => {
    const { key } = (await makeKey(integration.id)).json<{ key: string }>();
    for (const url of ['/api/v1/viewings', '/api/v1/recordings', '/api/v1/users', '/api/v1/audit-events']) {
      expect((await call(t, key, 'GET', url)).statusCode, url).toBe(403);
    }
    const elsewhere = await push(key, otherCamera, 'seg-elsewhere');
    expect(elsewhere.json().accepted).toHaveLength(0);
    expect(elsewhere.json().refused[0]).toMatchObject({ field: 'segments[0].cameraId' });
  });

  it('gets 401 once revoked or expired, or when unknown, each in the access log', async () => {
    const made = (await makeKey(integration.id)).json<{ key: string; id: string }>();
    expect((await push(made.key, camera, 'seg-2')).statusCode).toBe(200);
    const revoked = await call(
      t,
      t.adminToken,
      'POST',
      `/api/v1/users/${integration.id}/api-keys/${made.id}/revocation`,
    );
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const afterRevoke = await push(made.key, camera, 'seg-3');
    expect(afterRevoke.statusCode).toBe(401);
    expect(afterRevoke.json()).toMatchObject({ code: 'unauthorized' });
    expect(await lastKeyRefusal()).toMatchObject({
      actor_id: integration.id,
      detail: { reason: 'revoked', keyId: made.id },
    });
    const again = await call(
      t,
      t.adminToken,
      'POST',
      `/api/v1/users/${integration.id}/api-keys/${made.id}/revocation`,
    );
    expect(again.json()).toMatchObject({ code: 'api_key_already_revoked' });

    const soon = (await makeKey(integration.id, new Date(Date.now() + 60_000).toISOString())).json<{
      key: string;
    }>();
    expect((await push(soon.key, camera, 'seg-4')).statusCode).toBe(200);
    await t.setNow(new Date(Date.now() + 120_000));
    try {
      expect((await push(soon.key, camera, 'seg-5')).statusCode).toBe(401);
      expect((await lastKeyRefusal()).detail).toMatchObject({ reason: 'expired' });
    } finally {
      await t.setNow(undefined);
    }

    expect((await push('cctvk_not-a-key', camera, 'seg-6')).statusCode).toBe(401);
    expect((await lastKeyRefusal()).detail).toMatchObject({ reason: 'unknown_key' });
  });

  it('stops working when its account is disabled', async () => {
    const other = await t.user(['integration']);
    const { key } = (await makeKey(other.id)).json<{ key: string }>();
    await call(t, t.adminToken, 'PATCH', `/api/v1/users/${other.id}`, { disabled: true });
    expect((await push(key, camera, 'seg-7')).statusCode).toBe(401);
    expect((await lastKeyRefusal()).detail).toMatchObject({ reason: 'disabled' });
  });

  it('is made only for integration accounts, by admins, with an expiry within a year', async () => {
    const staff = await t.user(['viewer', 'integration']);
    expect((await makeKey(staff.id)).json()).toMatchObject({ code: 'api_key_not_integration' });
    const past = await makeKey(integration.id, new Date(Date.now() - 1000).toISOString());
    expect(past.json()).toMatchObject({ code: 'api_key_expiry_invalid' });
    const far = await makeKey(integration.id, new Date(Date.now() + 400 * 86_400_000).toISOString());
    expect(far.json()).toMatchObject({ code: 'api_key_expiry_invalid' });
    const byOther = await call(t, integration.token, 'POST', `/api/v1/users/${integration.id}/api-keys`, {
      label: 'x',
      expiresAt: inAYear(),
    });
    expect(byOther.statusCode).toBe(403);
  });
});
