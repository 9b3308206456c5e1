import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { connect, migrateToLatest, rowCounts } from '../../src/db/index.js';
import { ledgerHead, verifyLedger } from '../../src/protocol/index.js';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { freshDatabase, type TestDatabase, testDialects } from '../helpers/database.js';
import { multipartBody } from '../helpers/multipart.js';
import { copyBody, entryBody, requestBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';

const fixture = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/vms', name));

async function countsOf(url: string) {
  const database = connect(url);
  try {
    return {
      counts: await rowCounts(database.db as unknown as Kysely<unknown>, database.dialect),
      head: await ledgerHead(database.db),
      verify: await verifyLedger(database.db),
    };
  } finally {
    await database.close();
  }
}

/** A ledger kept through the app on SQLite: every kind of row the service writes. */
async function fill(t: TestApp, f: SiteFixture) {
  const ok = async (res: { statusCode: number; body: string }) => {
    expect([200, 201], res.body).toContain(res.statusCode);
    return JSON.parse(res.body) as { id: string };
  };
  const entry = await ok(await call(t, f.viewer.token, 'POST', '/api/v1/viewings', entryBody(f)));
  await ok(
    await call(t, f.viewer.token, 'POST', `/api/v1/viewings/${entry.id}/amendments`, {
      changes: { description: 'Broken window at the back door' },
      reason: 'Wrong door named',
    }),
  );
  const twice = await ok(await call(t, f.viewer.token, 'POST', '/api/v1/viewings', entryBody(f)));
  await ok(
    await call(t, f.responsible.token, 'POST', `/api/v1/viewings/${twice.id}/void`, {
      reason: 'Recorded twice',
    }),
  );
  const request = await ok(await call(t, f.viewer.token, 'POST', '/api/v1/requests', requestBody(f)));
  await ok(
    await call(t, f.responsible.token, 'POST', `/api/v1/requests/${request.id}/decision`, {
      decision: 'accepted',
      reason: 'A police request for a crime investigation',
    }),
  );
  const copy = await ok(
    await call(t, f.responsible.token, 'POST', `/api/v1/requests/${request.id}/copies`, copyBody(f)),
  );
  await ok(
    await call(t, f.responsible.token, 'POST', `/api/v1/copies/${copy.id}/delivery`, {
      deliveredAt: new Date().toISOString(),
      recipientName: 'Constable Matti Mäkinen',
      recipientUnit: 'Hämeen poliisilaitos',
      receiptRef: 'KUITTI-1',
    }),
  );
  await ok(
    await call(t, f.responsible.token, 'POST', `/api/v1/copies/${copy.id}/destruction`, {
      destroyedAt: new Date().toISOString(),
      method: 'shredded',
    }),
  );
  const integration = await t.user(['integration']);
  const at = new Date(Date.now() - 60_000).toISOString();
  await ok(
    await call(t, integration.token, 'POST', '/api/v1/recordings', {
      segments: [
        { cameraId: f.cameraIds[0], externalId: 'seg-1', start: at, end: at, imageRef: 'vms://seg-1' },
      ],
      cardReads: [{ cameraId: f.cameraIds[0], externalId: 'card-1', cardNumber: '2000 1234', at }],
      plateReads: [{ cameraId: f.cameraIds[0], externalId: 'plate-1', plate: 'ABC-123', at }],
    }),
  );
  const { payload, headers } = multipartBody(
    { siteId: f.siteId, profile: 'milestone-xprotect', skipInvalid: 'true' },
    { name: 'milestone-utf8-bom.csv', content: fixture('milestone-utf8-bom.csv') },
  );
  await ok(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/vms-imports',
      payload,
      headers: { ...headers, authorization: `Bearer ${f.responsible.token}` },
    }),
  );
  const run = await ok(
    await call(t, f.responsible.token, 'POST', '/api/v1/reconciliations', {
      from: '2025-03-14T00:00:00+02:00',
      to: '2025-03-16T00:00:00+02:00',
    }),
  );
  const findings = (await call(t, f.responsible.token, 'GET', `/api/v1/reconciliations/${run.id}`)).json<{
    findings: { id: string }[];
  }>().findings;
  await ok(
    await call(t, f.responsible.token, 'POST', `/api/v1/findings/${findings[0]?.id}/resolution`, {
      note: 'Checked with the viewer: an entry was missing',
    }),
  );
}

// The move from SQLite to PostgreSQL needs both: it runs where a PostgreSQL server is given.
describe.runIf(testDialects().includes('postgres'))('migrate-to: the SQLite database into PostgreSQL', () => {
  let t: TestApp;
  let f: SiteFixture;
  let target: TestDatabase;
  let onPostgres: FastifyInstance | undefined;
  const env = () => ({ DATA_DIR: t.database.dataDir, DATABASE_URL: t.database.url });

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    f = await siteWithStaff(t);
    await fill(t, f);
    target = await freshDatabase('postgres');
  }, 120_000);
  afterAll(async () => {
    await onPostgres?.close();
    await t.close();
    await target?.drop();
  });

  it('copies every table with its ids, the chain verifies there, and the service goes on on PostgreSQL', async () => {
    const source = await countsOf(t.database.url);
    const moved = await runCli(['migrate-to', target.url], env()).done;
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stderr).toContain(
      `viewings: ${source.counts.viewings} of ${source.counts.viewings} rows copied`,
    );
    expect(moved.stdout).toContain(`The ledger there intact up to entry ${source.head.seq}`);

    const copied = await countsOf(target.url);
    expect(copied.verify).toEqual({ ok: true, head: source.head });
    // The move itself is the one row more, in the access log it goes on with (R10).
    expect(copied.counts).toEqual({ ...source.counts, audit_events: (source.counts.audit_events ?? 0) + 1 });
    for (const table of [
      'viewings',
      'copies',
      'vms_event_blocks',
      'finding_resolutions',
      'recording_plate_reads',
    ])
      expect(source.counts[table], table).toBeGreaterThan(0);

    // The service on the PostgreSQL URL, with the same keys: the tokens of before still work,
    // and new rows take ids and seqs past the copied ones.
    onPostgres = await buildApp(
      loadConfig({ ...env(), DATABASE_URL: target.url, LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '10' }),
      { logger: false },
    );
    const res = await onPostgres.inject({
      method: 'POST',
      url: '/api/v1/viewings',
      payload: entryBody(f),
      headers: { authorization: `Bearer ${f.viewer.token}` },
    });
    expect(res.statusCode, res.body).toBe(201);
    // (Its first purge pass may append a tombstone of the camera-system events of 2025, R1.)
    expect(res.json<{ seq: number }>().seq).toBeGreaterThan(source.head.seq);
    const after = await countsOf(target.url);
    expect(after.verify).toMatchObject({ ok: true });
    expect(after.counts.viewings).toBe((source.counts.viewings ?? 0) + 1);
    expect(after.counts.audit_events).toBeGreaterThan(copied.counts.audit_events ?? 0);
  }, 120_000);

  it('refuses a database that holds anything already', async () => {
    const other = await freshDatabase('postgres');
    try {
      const database = connect(other.url);
      await sql`create table unrelated (id integer)`.execute(database.db);
      await database.close();
      const refused = await runCli(['migrate-to', other.url], env()).done;
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('the PostgreSQL database is not empty');
    } finally {
      await other.drop();
    }
    const again = await runCli(['migrate-to', target.url], env()).done;
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /the PostgreSQL database is not empty \(it holds .*\): move only into a new, empty database/,
    );
  }, 60_000);
  it('a copy that fails leaves the target as the migrations left it, and can be run again', async () => {
    const source = await freshDatabase('sqlite');
    const into = await freshDatabase('postgres');
    try {
      const database = connect(source.url);
      await migrateToLatest(database.db, database.dialect);
      // SQLite keeps a text where an integer belongs; PostgreSQL refuses it half-way through.
      await sql`insert into users (id, username, display_name, password_hash, roles, site_ids, vms_usernames,
                  failed_logins, created_at, updated_at)
                values ('u', 'u', 'U', 'x', '[]', '[]', '[]', 'many', '2026-01-01T00:00:00.000Z',
                  '2026-01-01T00:00:00.000Z')`.execute(database.db);
      const settings = { DATA_DIR: source.dataDir, DATABASE_URL: source.url };
      const failed = await runCli(['migrate-to', into.url], settings).done;
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('invalid input syntax for type integer');
      expect((await countsOf(into.url)).counts.users).toBe(0);

      await sql`update users set failed_logins = 0 where id = 'u'`.execute(database.db);
      await database.close();
      const again = await runCli(['migrate-to', into.url], settings).done;
      expect(again.code, again.stderr).toBe(0);
      expect((await countsOf(into.url)).counts.users).toBe(1);
    } finally {
      await source.drop();
      await into.drop();
    }
  }, 60_000);
});
