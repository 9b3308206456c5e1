import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPassword, userPassword } from '../helpers/app.js';
import { type ChildServer, childServerEnv, startChildServer } from '../helpers/child-server.js';
import { freshDatabase, type TestDatabase, testDialects } from '../helpers/database.js';
import { multipartBody } from '../helpers/multipart.js';
import { entryBody, requestBody, type SiteFixture } from '../helpers/protocol.js';
import { TestRelay } from '../helpers/smtp-relay.js';

const fixture = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/vms', name));

async function api<T = Record<string, unknown>>(
  base: string,
  token: string | null,
  method: string,
  url: string,
  body?: unknown,
) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as T, text };
}

async function login(base: string, username: string, password: string): Promise<string> {
  const res = await api<{ accessToken: string }>(base, null, 'POST', '/api/v1/auth/login', {
    username,
    password,
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
  return res.json.accessToken;
}

// Several instances behind a load balancer share one PostgreSQL database and copies of the
// key files (docs/operations.md); the ledger must stay one chain whatever instance writes.
describe.runIf(testDialects().includes('postgres'))('three instances on one PostgreSQL database', () => {
  let db: TestDatabase;
  const servers: ChildServer[] = [];
  const dataDirs: string[] = [];
  let f: SiteFixture;
  let integrationToken: string;
  let adminToken: string;
  const relay = new TestRelay();

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    // R1: items expire a second after they arrive, and every instance tries a pass each second;
    // every instance also looks for notifications to send each second, through one relay.
    await relay.start();
    const settings = {
      RETENTION_HOURS: '1',
      PURGE_INTERVAL_SECONDS: '1',
      ...relay.settings(),
      NOTIFY_INTERVAL_SECONDS: '1',
    };
    servers.push(await startChildServer({ ...childServerEnv(db), ...settings }));
    for (let i = 1; i < 3; i++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-instance-'));
      fs.chmodSync(dir, 0o700);
      for (const key of fs.readdirSync(db.dataDir).filter((n) => n.endsWith('.key') || n.endsWith('.pem'))) {
        fs.copyFileSync(path.join(db.dataDir, key), path.join(dir, key));
      }
      dataDirs.push(dir);
      servers.push(await startChildServer({ ...childServerEnv({ dataDir: dir, url: db.url }), ...settings }));
    }
    const a = servers[0]!.url;
    adminToken = await login(a, 'admin', adminPassword);
    const created = async (url: string, body: unknown) => {
      const res = await api<{ id: string }>(a, adminToken, 'POST', url, body);
      expect(res.status, res.text).toBe(201);
      return res.json.id;
    };
    const siteId = await created('/api/v1/sites', { name: 'Instances library', municipality: 'Lahti' });
    const cameraId = await created('/api/v1/cameras', { siteId, name: 'Entrance', vmsNames: ['Entrance'] });
    const person = async (role: string, name: string) => {
      const id = await created('/api/v1/users', {
        username: name,
        displayName: name,
        password: userPassword,
        roles: [role],
        siteIds: [siteId],
      });
      return { id, username: name, token: await login(a, name, userPassword) };
    };
    const responsible = await person('responsible', 'resp1');
    const viewer = await person('viewer', 'viewer1');
    await person('integration', 'vms1');
    integrationToken = await login(a, 'vms1', userPassword);
    for (const who of [responsible, viewer]) {
      const res = await api(a, responsible.token, 'POST', '/api/v1/viewing-rights', {
        userId: who.id,
        siteId,
        commitmentRef: 'DYNASTY-2026-1',
        commitmentSignedOn: new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10),
        validFrom: new Date(Date.now() - 86_400_000).toISOString(),
        reason: 'Siirretty vanhasta katseluoikeusrekisteristä',
      });
      expect(res.status, res.text).toBe(201);
    }
    f = { siteId, cameraIds: [cameraId], responsible, viewer };
  }, 180_000);

  afterAll(async () => {
    for (const s of servers) await s.kill();
    await relay.stop();
    await db.drop();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('3 × 300 entries, an import and purges at once, one instance killed: one chain, nothing lost, each item purged once', async () => {
    // A token issued by one instance is good on the others: they share the key files.
    for (const s of servers) expect((await api(s.url, f.viewer.token, 'GET', '/api/v1/me')).status).toBe(200);

    const cards = Array.from({ length: 600 }, (_, i) => ({
      cameraId: f.cameraIds[0],
      externalId: `card-${i}`,
      cardNumber: `2000 ${String(i).padStart(4, '0')}-0001`,
      // Arrives a moment before its hour is up: past its expiry a second or two later.
      at: new Date(Date.now() - 3_600_000 + 2_000).toISOString(),
    }));
    const ingested = await Promise.all(
      [0, 1, 2].map((i) =>
        api<{ accepted: unknown[] }>(servers[i]!.url, integrationToken, 'POST', '/api/v1/recordings', {
          cardReads: cards.slice(i * 200, (i + 1) * 200),
        }),
      ),
    );
    for (const r of ingested) expect(r.status, r.text).toBe(200);
    const accepted = ingested.reduce((n, r) => n + r.json.accepted.length, 0);
    expect(accepted).toBe(600);

    const acknowledged: string[] = [];
    let killed = false;
    // R1: with RETENTION_HOURS=1, footage viewed must be younger than an hour.
    const recent = () => ({
      footageFrom: new Date(Date.now() - 40 * 60_000).toISOString(),
      footageTo: new Date(Date.now() - 30 * 60_000).toISOString(),
    });
    const writer = async (server: ChildServer, count: number, token: string) => {
      for (let i = 0; i < count; i++) {
        const res = await api<{ id: string }>(
          server.url,
          token,
          'POST',
          '/api/v1/viewings',
          entryBody(f, recent()),
        ).catch(() => null);
        if (server === servers[2] && killed) return;
        expect(res?.status, res?.text).toBe(201);
        acknowledged.push(res!.json.id);
      }
    };
    const upload = async () => {
      const { payload, headers } = multipartBody(
        { siteId: f.siteId, profile: 'milestone-xprotect', skipInvalid: 'true' },
        { name: 'milestone-utf8-bom.csv', content: fixture('milestone-utf8-bom.csv') },
      );
      const res = await fetch(`${servers[1]!.url}/api/v1/vms-imports`, {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${f.responsible.token}` },
        body: payload,
      });
      expect(res.status, await res.clone().text()).toBe(201);
    };
    const killer = async () => {
      while (acknowledged.length < 450) await new Promise((r) => setTimeout(r, 5));
      killed = true;
      await servers[2]!.kill('SIGKILL');
    };
    await Promise.all([
      ...[0, 1, 2].flatMap((i) => [
        writer(servers[i]!, 150, f.viewer.token),
        writer(servers[i]!, 150, f.responsible.token),
      ]),
      upload(),
      killer(),
    ]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(600);

    // Every purge pass of the surviving instances has run past the items' expiry.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const left = await client.query('select count(*)::int as n from recording_card_reads');
        if (left.rows[0].n === 0) break;
        if (Date.now() > deadline) throw new Error(`${left.rows[0].n} card reads outlived their expiry`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const stored = await client.query('select id from viewings where id = any($1::text[])', [acknowledged]);
      expect(stored.rowCount).toBe(new Set(acknowledged).size);
      const purged = await client.query(
        `select coalesce(sum((counts::jsonb ->> 'card_read')::int), 0)::int as n, count(distinct seq)::int as events,
                count(*)::int as rows from retention_tombstones`,
      );
      expect(purged.rows[0].n).toBe(600);
      expect(purged.rows[0].events).toBe(purged.rows[0].rows);
      const seqs = await client.query(
        'select min(seq)::int as lo, max(seq)::int as hi, count(*)::int as n from ledger_events',
      );
      expect(seqs.rows[0]).toMatchObject({ lo: 1, n: seqs.rows[0].hi });
    } finally {
      await client.end();
    }
    const auditor = await api<{ id: string }>(servers[0]!.url, adminToken, 'POST', '/api/v1/users', {
      username: 'auditor1',
      displayName: 'Auditor',
      password: userPassword,
      roles: ['auditor'],
    });
    expect(auditor.status, auditor.text).toBe(201);
    const verified = await api(
      servers[1]!.url,
      await login(servers[1]!.url, 'auditor1', userPassword),
      'GET',
      '/api/v1/ledger/verify',
    );
    expect(verified.json).toMatchObject({ ok: true });
  }, 300_000);

  it('a web sign-in on one instance is a session on the others, and signing out on one ends it on all', async () => {
    const [a, b] = [servers[0]!.url, servers[1]!.url];
    const cookiesOf = (res: Response) =>
      res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0]!)
        .filter((c) => !c.endsWith('='));
    const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const signInPage = await fetch(`${a}/sign-in`);
    const signedIn = await fetch(`${a}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: cookiesOf(signInPage).join('; '),
      },
      body: new URLSearchParams({
        _csrf: tokenOf(await signInPage.text()),
        username: 'viewer1',
        password: userPassword,
      }),
    });
    expect(signedIn.status).toBe(303);
    const cookie = cookiesOf(signedIn).join('; ');
    const form = await fetch(`${b}/viewings/new`, { headers: { cookie }, redirect: 'manual' });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('viewer1');
    const out = await fetch(`${b}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: tokenOf(html) }),
    });
    expect(out.status).toBe(303);
    const after = await fetch(`${a}/viewings/new`, { headers: { cookie }, redirect: 'manual' });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/sign-in');
  });

  it('mails each notification once, whichever instance writes it and whichever sends it', async () => {
    const alive = servers.filter((s) => s.process.exitCode === null && s.process.signalCode === null);
    expect(alive.length).toBeGreaterThanOrEqual(2);
    const email = await api(alive[0]!.url, adminToken, 'PATCH', `/api/v1/users/${f.responsible.id}`, {
      email: 'vastuu@instances.example',
    });
    expect(email.status, email.text).toBe(200);
    const tokens = await Promise.all(alive.map((s) => login(s.url, 'viewer1', userPassword)));
    const registered = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api(
          alive[i % alive.length]!.url,
          tokens[i % alive.length]!,
          'POST',
          '/api/v1/requests',
          requestBody(f),
        ),
      ),
    );
    for (const r of registered) expect(r.status, r.text).toBe(201);
    const deadline = Date.now() + 60_000;
    while (relay.mails.length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // A few more passes of every instance: none may send one of them again.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(relay.mails.map((m) => m.to)).toEqual(Array(6).fill(['vastuu@instances.example']));
    expect(new Set(relay.mails.map((m) => m.messageId)).size).toBe(6);
    expect(relay.duplicates).toBe(0);
  }, 120_000);
});
