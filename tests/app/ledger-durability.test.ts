import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { startChildServer } from '../helpers/child-server.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';
import { entryBody, siteWithStaff } from '../helpers/protocol.js';

describeEachDialect('ledger under load', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('200 concurrent entries make one linear chain with no gap or fork', async () => {
    const f = await siteWithStaff(t);
    const before = (await t.app.database.db.selectFrom('ledger_head').select('seq').executeTakeFirstOrThrow())
      .seq;
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        call(t, i % 2 ? f.viewer.token : f.responsible.token, 'POST', '/api/v1/viewings', entryBody(f)),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(200).fill(201));
    const seqs = responses.map((r) => r.json().seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => before + 1 + i));
    const auditor = await t.user(['auditor']);
    const verified = (await call(t, auditor.token, 'GET', '/api/v1/ledger/verify')).json();
    expect(verified).toMatchObject({ ok: true, head: { seq: before + 200 } });
  });

  it('a walk while entries are being recorded verifies the chain as it stood when it began', async () => {
    const f = await siteWithStaff(t);
    const auditor = await t.user(['auditor']);
    const writes = Array.from({ length: 150 }, (_, i) =>
      call(t, i % 2 ? f.viewer.token : f.responsible.token, 'POST', '/api/v1/viewings', entryBody(f)),
    );
    const walks = Array.from({ length: 15 }, () => call(t, auditor.token, 'GET', '/api/v1/ledger/verify'));
    const [written, walked] = await Promise.all([Promise.all(writes), Promise.all(walks)]);
    expect(written.map((r) => r.statusCode)).toEqual(Array(150).fill(201));
    expect(walked.map((r) => r.json())).toEqual(Array(15).fill(expect.objectContaining({ ok: true })));
  });
});

describeEachDialect('ledger crash safety', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(dialect);
  });
  afterAll(() => db.drop());

  it('every entry that got a 201 survives SIGKILL at a random moment (20 rounds), and the chain verifies', async () => {
    const env = {
      DATA_DIR: db.dataDir,
      DATABASE_URL: db.url,
      CCTV_LEDGER_ADMIN_PASSWORD: 'admin-password-for-tests',
      PASSWORD_HASH_COST: '10',
      RATE_LIMIT_PER_MINUTE: '0',
      LOGIN_RATE_LIMIT_PER_MINUTE: '0',
    };
    let server = await startChildServer(env);
    const api = async (token: string | null, method: string, url: string, body?: unknown) => {
      const res = await fetch(`${server.url}${url}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return {
        status: res.status,
        json: (await res.json()) as Record<string, unknown> & { id: string; accessToken: string },
      };
    };
    const login = async (username: string, password: string) =>
      (await api(null, 'POST', '/api/v1/auth/login', { username, password })).json.accessToken;
    // Set up a site, a responsible person and a viewer through the real server.
    let admin = await login('admin', env.CCTV_LEDGER_ADMIN_PASSWORD);
    const siteId = (await api(admin, 'POST', '/api/v1/sites', { name: 'Crash site', municipality: 'Lahti' }))
      .json.id;
    const cameraId = (await api(admin, 'POST', '/api/v1/cameras', { siteId, name: 'Door', vmsNames: [] }))
      .json.id;
    const password = 'crash-test-password';
    const respId = (
      await api(admin, 'POST', '/api/v1/users', {
        username: 'resp',
        displayName: 'Resp',
        password,
        roles: ['responsible'],
        siteIds: [siteId],
      })
    ).json.id;
    let token = await login('resp', password);
    const granted = await api(token, 'POST', '/api/v1/viewing-rights', {
      userId: respId,
      siteId,
      commitmentRef: 'D-9',
      commitmentSignedOn: '2026-01-01',
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      reason: 'The only responsible person of a new site',
    });
    expect(granted.status).toBe(201);
    const fixture = { siteId, cameraIds: [cameraId], responsible: { id: respId } } as Parameters<
      typeof entryBody
    >[0];

    const acknowledged: string[] = [];
    for (let round = 0; round < 20; round++) {
      let stop = false;
      const writers = Array.from({ length: 4 }, async () => {
        while (!stop) {
          try {
            const res = await api(
              token,
              'POST',
              '/api/v1/viewings',
              entryBody(fixture, { decidedBy: { userId: respId } }),
            );
            if (res.status === 201) acknowledged.push(res.json.id);
          } catch {
            return; // the server died mid-request: this one was never acknowledged
          }
        }
      });
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 250));
      await server.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      server = await startChildServer(env);
      token = await login('resp', password);
    }
    expect(acknowledged.length).toBeGreaterThan(20);
    admin = await login('admin', env.CCTV_LEDGER_ADMIN_PASSWORD);
    await api(admin, 'POST', '/api/v1/users', {
      username: 'aud',
      displayName: 'Aud',
      password,
      roles: ['auditor'],
      siteIds: [],
    });
    const auditor = await login('aud', password);
    const verified = await api(auditor, 'GET', '/api/v1/ledger/verify');
    await server.kill('SIGTERM');
    expect(verified.json).toMatchObject({ ok: true });
    // Every acknowledged entry is there after the restarts.
    const { connect } = await import('../../src/db/index.js');
    const database = connect(db.url);
    try {
      const stored = new Set(
        (await database.db.selectFrom('viewings').select('id').execute()).map((r) => r.id),
      );
      const missing = acknowledged.filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
    } finally {
      await database.close();
    }
  }, 240_000);
});
