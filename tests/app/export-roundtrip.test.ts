import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProtocolKey, protocolColumns } from '../../src/export/index.js';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import {
  cameraNames,
  cellText,
  exportXlsx,
  type KnownLedger,
  knownLedger,
  readWorkbook,
  siteName,
  uploadLedger,
  window,
} from './export-fixture.js';

interface Entry {
  id: string;
  source: string;
  siteId: string;
  viewedAt: string;
  viewedUntil: string | null;
  cameraIds: string[];
  description: string;
  footageFrom: string;
  footageTo: string;
  footageTimeEstimated: boolean;
  grounds: string;
  justification: string;
  decidedBy: { userId: string | null; name: string };
  viewerId: string | null;
  viewerName: string;
  requestId: string | null;
  importRef: { outsideRequest?: { requester: string; decision: string | null } } | null;
}

async function entriesOf(t: TestApp, token: string): Promise<Entry[]> {
  const res = await call(t, token, 'GET', '/api/v1/viewings?limit=500');
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Entry[] }>().items;
}

async function cameraNamesOf(t: TestApp, token: string): Promise<Map<string, string>> {
  const res = await call(t, token, 'GET', '/api/v1/cameras');
  return new Map(res.json<{ items: { id: string; name: string }[] }>().items.map((c) => [c.id, c.name]));
}

const column = (key: ProtocolKey) => protocolColumns.findIndex((c) => c.key === key) + 1;

/** The protocol rows' cells of the six items (after the ledger number, which differs), by entry id. */
function itemCells(ws: ExcelJS.Worksheet): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  ws.eachRow((row, n) => {
    if (n === 1 || row.getCell(column('viewedAt')).value === null) return; // header, rejected requests
    const cells: unknown[] = [];
    for (let c = column('viewedAt'); c <= column('requestDecision'); c++) {
      const cell = row.getCell(c);
      cells.push(cell.value instanceof Date ? cell.value.toISOString() : cellText(cell));
    }
    out.set(cellText(row.getCell(column('entryId'))), cells);
  });
  return out;
}

describeEachDialect('ledger round trip: export, then import into an empty database', (dialect) => {
  let source: TestApp;
  let k: KnownLedger;
  beforeAll(async () => {
    source = await startTestApp(dialect);
    k = await knownLedger(source);
  });
  afterAll(() => source.close());

  describe.each(['fi', 'sv', 'en'] as const)('in %s', (lang) => {
    let target: TestApp;
    let responsible: { id: string; token: string };
    let auditor: { id: string; token: string };
    let file: Buffer;
    beforeAll(async () => {
      const res = await exportXlsx(
        source,
        k.auditor.token,
        `from=${window.from}&to=${window.to}&siteId=${k.siteId}&lang=${lang}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      file = res.rawPayload;
      target = await startTestApp(dialect);
      const siteId = await target.site(siteName);
      for (const name of cameraNames) await target.camera(siteId, name);
      responsible = await target.user(['responsible'], [siteId]);
      auditor = await target.user(['auditor']);
      const imported = await uploadLedger(target, responsible.token, { siteId }, file);
      expect(imported.statusCode, imported.body).toBe(201);
      expect(imported.json()).toMatchObject({
        headerRow: 1,
        rowsRead: 4,
        imported: 3,
        alreadyImported: 0,
        invalid: 0,
        rejectedRequests: [{ row: 4 }],
        errorCount: 0,
      });
    });
    afterAll(() => target.close());

    it('brings the six items back identical, as entries marked imported, on a chain that verifies', async () => {
      const before = await entriesOf(source, k.auditor.token);
      const after = await entriesOf(target, auditor.token);
      expect(after).toHaveLength(3);
      const sourceCameras = await cameraNamesOf(source, k.auditor.token);
      const targetCameras = await cameraNamesOf(target, auditor.token);
      const requester = (e: Entry) => {
        if (e.importRef?.outsideRequest) return e.importRef.outsideRequest;
        return e.requestId
          ? { requester: 'Konstaapeli Matti Mäkinen (Hämeen poliisilaitos)', decision: 'accepted' }
          : undefined;
      };
      const items = (e: Entry, cameras: Map<string, string>) => ({
        viewedAt: e.viewedAt,
        viewedUntil: e.viewedUntil,
        description: e.description,
        cameras: e.cameraIds.map((id) => cameras.get(id)),
        footageFrom: e.footageFrom,
        footageTo: e.footageTo,
        footageTimeEstimated: e.footageTimeEstimated,
        grounds: e.grounds,
        justification: e.justification,
        decidedBy: e.decidedBy.name,
        viewer: e.viewerName,
        outsideRequest: requester(e),
      });
      for (const original of before.filter((e) => e.siteId === k.siteId)) {
        const copy = after.find((e) => e.description === original.description);
        expect(copy, original.description).toBeDefined();
        expect(items(copy!, targetCameras)).toEqual(items(original, sourceCameras));
        expect(copy).toMatchObject({
          source: 'imported',
          viewerId: null,
          decidedBy: { userId: null },
          requestId: null,
        });
      }
      const verify = await call(target, auditor.token, 'GET', '/api/v1/ledger/verify');
      expect(verify.json()).toMatchObject({ ok: true, head: { seq: 3 } });
    });

    it('exports the imported entries back with the same cells for the six items', async () => {
      const again = await exportXlsx(
        target,
        auditor.token,
        `from=${window.from}&to=${window.to}&lang=${lang}`,
      );
      const first = itemCells((await readWorkbook(file)).worksheets[0]!);
      const second = itemCells((await readWorkbook(again.rawPayload)).worksheets[0]!);
      expect([...second.values()].sort()).toEqual([...first.values()].sort());
    });

    it('imports nothing the second time', async () => {
      const siteId = (await call(target, auditor.token, 'GET', '/api/v1/sites')).json().items[0].id;
      const res = await uploadLedger(target, responsible.token, { siteId }, file);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ imported: 0, alreadyImported: 3 });
      expect(await entriesOf(target, auditor.token)).toHaveLength(3);
    });
  });
});
