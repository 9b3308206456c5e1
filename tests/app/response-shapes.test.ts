import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/index.js';
import type { Executor } from '../../src/db/index.js';
import { protocolHeadings } from '../../src/export/index.js';
import { importLedgerWorkbook } from '../../src/ledger-import/index.js';
import { getViewing, listViewings, listVisibleRights } from '../../src/protocol/index.js';
import { getRun, resolveFinding, runReconciliation } from '../../src/reconcile/index.js';
import {
  getRequest,
  listCopies,
  listRequests,
  type RequestSettings,
  requestHistory,
  requestSettingsOf,
} from '../../src/requests/index.js';
import { DEFAULT_XLSX_LIMITS, findProfile, importVmsFile } from '../../src/vms/index.js';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { multipartBody } from '../helpers/multipart.js';
import {
  copyBody,
  entryBody,
  grant,
  requestBody,
  type SiteFixture,
  siteWithStaff,
} from '../helpers/protocol.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/vms');

/** Every key of a JSON value, deep and sorted: `decision.reason`, `amendments[].changes.grounds`. */
function keyPaths(value: unknown, at = ''): string[] {
  const paths = new Set<string>();
  if (Array.isArray(value)) {
    for (const item of value) for (const p of keyPaths(item, `${at}[]`)) paths.add(p);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const here = at ? `${at}.${key}` : key;
      paths.add(here);
      for (const p of keyPaths(inner, here)) paths.add(p);
    }
  }
  return [...paths].sort();
}

/**
 * The API answer has exactly the keys of the object the domain function returned: the response
 * schema drops nothing the domain builds. The domain object goes through JSON first, as any
 * serializer would send it (a field set to undefined is not sent either way).
 */
function expectSameKeys(domain: unknown, answer: LightMyRequestResponse): string[] {
  expect(answer.statusCode, answer.body).toBeLessThan(300);
  const answered = keyPaths(answer.json());
  expect(answered).toEqual(keyPaths(JSON.parse(JSON.stringify(domain))));
  return answered;
}

function uploadFile(t: TestApp, token: string, url: string, fields: Record<string, string>, file: string) {
  const { payload, headers } = multipartBody(fields, {
    name: path.basename(file),
    content: fs.readFileSync(file),
  });
  return t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { ...headers, authorization: `Bearer ${token}` },
  });
}

/** An old Excel ledger with a good row, a row lacking items 2 and 4, and a rejected request. */
async function ledgerWorkbook(file: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Katselut');
  const h = protocolHeadings.fi;
  ws.addRow([h.viewedAt, h.description, h.grounds, h.decidedBy, h.viewer, h.requester]);
  ws.addRow([
    '2.4.2024 9.15',
    'Kaatunut hylly lastenosastolla 1.4.2024 klo 18.00',
    'Vaaratilanteen selvittäminen',
    'Kirjastonjohtaja',
    'Aino Aalto',
  ]);
  ws.addRow(['3.4.2024 10.00', '', 'Rikoksen selvittäminen', '', 'Aino Aalto']);
  ws.addRow([null, null, null, 'Kirjastonjohtaja', null, 'Yksityishenkilö (hylätty)']);
  await wb.xlsx.writeFile(file);
}

/**
 * Each response schema is the one its domain folder defines and derives its type from. These
 * tests hold the other half: a domain function's object and the API's answer for the same kind of
 * thing have the same keys, so a field the domain adds reaches the client instead of being dropped.
 */
describeEachDialect('response shapes', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  let db: Executor;
  let responsible: Principal;
  let viewer: Principal;
  let settings: RequestSettings;

  const principalOf = async (token: string) => (await call(t, token, 'GET', '/api/v1/me')).json<Principal>();

  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t);
    db = t.app.database.db;
    responsible = await principalOf(f.responsible.token);
    viewer = await principalOf(f.viewer.token);
    settings = requestSettingsOf(t.config);
  });
  afterAll(() => t.close());

  it('a viewing and its history with an amendment answer every field the protocol builds', async () => {
    const created = await call(t, f.viewer.token, 'POST', '/api/v1/viewings', entryBody(f));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const amended = await call(t, f.viewer.token, 'POST', `/api/v1/viewings/${id}/amendments`, {
      changes: { description: 'Broken window at the back door', decidedBy: { name: 'Liisa Laine' } },
      reason: 'the wrong door was written',
    });
    expect(amended.statusCode, amended.body).toBe(201);

    const history = expectSameKeys(
      await getViewing(db, viewer, id),
      await call(t, f.viewer.token, 'GET', `/api/v1/viewings/${id}`),
    );
    expect(history).toContain('amendments[].changes.decidedBy.name');
    expect(history).toContain('effective.decidedBy.userId');
    expectSameKeys(
      await listViewings(db, viewer, { limit: 100 }),
      await call(t, f.viewer.token, 'GET', '/api/v1/viewings'),
    );
  });

  it('an outside request, decided and closed, and its copy, delivered and destroyed, answer every field', async () => {
    const registered = await call(t, f.viewer.token, 'POST', '/api/v1/requests', requestBody(f));
    expect(registered.statusCode, registered.body).toBe(201);
    const requestId = registered.json<{ id: string }>().id;
    const as = (url: string, body: unknown) => call(t, f.responsible.token, 'POST', url, body);
    const decided = await as(`/api/v1/requests/${requestId}/decision`, {
      decision: 'accepted',
      reason: 'a crime under investigation',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const copy = await as(`/api/v1/requests/${requestId}/copies`, copyBody(f));
    expect(copy.statusCode, copy.body).toBe(201);
    const copyId = copy.json<{ id: string }>().id;
    const delivered = await as(`/api/v1/copies/${copyId}/delivery`, {
      deliveredAt: new Date().toISOString(),
      recipientName: 'Matti Mäkinen',
      recipientUnit: 'Hämeen poliisi',
      receiptRef: 'K-1',
    });
    expect(delivered.statusCode, delivered.body).toBe(200);
    const destroyed = await as(`/api/v1/copies/${copyId}/destruction`, {
      destroyedAt: new Date().toISOString(),
      method: 'overwritten',
      witness: 'Liisa Laine',
    });
    expect(destroyed.statusCode, destroyed.body).toBe(200);

    const now = new Date();
    const requests = expectSameKeys(
      { items: await listRequests(db, responsible, {}, now, settings) },
      await call(t, f.responsible.token, 'GET', '/api/v1/requests'),
    );
    expect(requests).toEqual(
      expect.arrayContaining(['items[].decision.decidedBy', 'items[].closure.closedAt']),
    );
    const copies = expectSameKeys(
      { items: await listCopies(db, responsible, {}, now) },
      await call(t, f.responsible.token, 'GET', '/api/v1/copies'),
    );
    expect(copies).toEqual(
      expect.arrayContaining(['items[].delivery.receiptRef', 'items[].destruction.witness']),
    );
    const request = await getRequest(db, responsible, requestId, now, settings);
    const detail = expectSameKeys(
      {
        ...request,
        copies: await listCopies(db, responsible, { requestId }, now),
        history: await requestHistory(db, request),
      },
      await call(t, f.responsible.token, 'GET', `/api/v1/requests/${requestId}`),
    );
    expect(detail).toContain('history[].data.request_id');
  });

  it('a revoked viewing right answers every field, its revocation too', async () => {
    const leaver = await t.user(['viewer'], [f.siteId]);
    const rightId = await grant(
      t,
      f.responsible.token,
      leaver.id,
      f.siteId,
      new Date(Date.now() - 86_400_000),
    );
    const revoked = await call(
      t,
      f.responsible.token,
      'POST',
      `/api/v1/viewing-rights/${rightId}/revocation`,
      {
        reason: 'left the library',
      },
    );
    expect(revoked.statusCode, revoked.body).toBe(200);
    const rights = expectSameKeys(
      { items: await listVisibleRights(db, responsible, {}) },
      await call(t, f.responsible.token, 'GET', '/api/v1/viewing-rights'),
    );
    expect(rights).toContain('items[].revocation.revokedBy');
  });

  it('a camera-system import report answers every field, its issues too', async () => {
    const file = path.join(fixtures, 'bad-rows.csv');
    const report = await importVmsFile(
      db,
      responsible,
      file,
      {
        siteId: f.siteId,
        profile: await findProfile(db, 'generic'),
        fileName: 'bad-rows.csv',
        skipInvalid: true,
        limits: DEFAULT_XLSX_LIMITS,
      },
      new Date(),
    );
    const fields = { siteId: f.siteId, profile: 'generic', skipInvalid: 'true' };
    const answered = expectSameKeys(
      report,
      await uploadFile(t, f.responsible.token, '/api/v1/vms-imports', fields, file),
    );
    expect(answered).toEqual(expect.arrayContaining(['errors[].column', 'warnings[].code']));
  });

  it('a ledger import report answers every field, its columns, issues and rejected requests too', async () => {
    const file = path.join(t.database.dataDir, 'katselut-2024.xlsx');
    await ledgerWorkbook(file);
    const options = {
      fileName: 'katselut-2024.xlsx',
      siteId: f.siteId,
      skipInvalid: true,
      limits: DEFAULT_XLSX_LIMITS,
      via: 'api' as const,
    };
    const report = await importLedgerWorkbook(db, responsible, file, options, new Date());
    const fields = { siteId: f.siteId, skipInvalid: 'true' };
    const answered = expectSameKeys(
      report,
      await uploadFile(t, f.responsible.token, '/api/v1/ledger-imports', fields, file),
    );
    expect(answered).toEqual(
      expect.arrayContaining(['columns[].heading', 'errors[].item', 'rejectedRequests[].requester']),
    );
  });

  it('a reconciliation run, its findings and a resolution answer every field', async () => {
    const events = await uploadFile(
      t,
      f.responsible.token,
      '/api/v1/vms-imports',
      { siteId: f.siteId, profile: 'generic' },
      path.join(fixtures, 'generic.csv'),
    );
    expect(events.statusCode, events.body).toBe(201);
    const window = { from: '2025-03-14T00:00:00+02:00', to: '2025-03-16T00:00:00+02:00' };
    const byDomain = await runReconciliation(db, responsible, window, () => new Date());
    const answer = await call(t, f.responsible.token, 'POST', '/api/v1/reconciliations', window);
    expect(expectSameKeys(byDomain, answer)).toContain('unmapped.vmsUsers');

    // One finding of each run resolved, one through the domain and one through the API.
    const firstFinding = async (runId: string) => {
      const [finding] = (await getRun(db, responsible, runId, { limit: 1 })).findings;
      expect(finding).toBeDefined();
      return finding?.id ?? '';
    };
    const note = { note: 'the VMS account is a service technician’s' };
    const resolved = await resolveFinding(
      db,
      responsible,
      await firstFinding(answer.json<{ id: string }>().id),
      note.note,
      new Date(),
    );
    const findingId = await firstFinding(byDomain.id);
    const resolution = expectSameKeys(
      resolved,
      await call(t, f.responsible.token, 'POST', `/api/v1/findings/${findingId}/resolution`, note),
    );
    expect(resolution).toContain('resolution.resolvedBy');
    const run = expectSameKeys(
      await getRun(db, responsible, byDomain.id, { limit: 100 }),
      await call(t, f.responsible.token, 'GET', `/api/v1/reconciliations/${byDomain.id}`),
    );
    expect(run).toEqual(expect.arrayContaining(['findings[].resolution.note', 'findings[].detail']));
  });
});
