import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { entryBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';
import { cellText, exportXlsx, readWorkbook } from './export-fixture.js';

describeEachDialect('voiding an entry (R4)', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t);
  });
  afterAll(() => t.close());

  const record = async (description = 'Broken window at the entrance') => {
    const res = await call(t, f.viewer.token, 'POST', '/api/v1/viewings', entryBody(f, { description }));
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; seq: number }>();
  };
  const voidIt = (token: string, id: string, reason: string) =>
    call(t, token, 'POST', `/api/v1/viewings/${id}/void`, { reason });

  it('the viewer voids a duplicate with a reason; it stays readable and listed, marked void', async () => {
    const entry = await record();
    const res = await voidIt(f.viewer.token, entry.id, 'Recorded twice by mistake');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().voided).toMatchObject({ reason: 'Recorded twice by mistake', voidedBy: f.viewer.id });
    expect(res.json().original.seq).toBe(entry.seq);
    const listed = (await call(t, f.responsible.token, 'GET', '/api/v1/viewings?limit=500')).json();
    const item = listed.items.find((v: { id: string }) => v.id === entry.id);
    expect(item.voided.reason).toBe('Recorded twice by mistake');
    const other = listed.items.find((v: { id: string }) => v.id !== entry.id);
    expect(other?.voided ?? null).toBeNull();
    const verify = await call(t, f.responsible.token, 'GET', '/api/v1/ledger/verify');
    expect(verify.json().ok).toBe(true);
  });

  it('a responsible person of the site may void; a reason under 10 characters, a second void and an amendment are refused', async () => {
    const entry = await record();
    expect((await voidIt(f.responsible.token, entry.id, 'too short')).statusCode).toBe(400);
    const voided = await voidIt(f.responsible.token, entry.id, 'Mistaken entry: wrong library');
    expect(voided.statusCode, voided.body).toBe(201);
    const again = await voidIt(f.viewer.token, entry.id, 'Recorded twice by mistake');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('viewing_already_voided');
    const amended = await call(t, f.viewer.token, 'POST', `/api/v1/viewings/${entry.id}/amendments`, {
      changes: { description: 'Another description' },
      reason: 'Trying to revive it',
    });
    expect(amended.statusCode).toBe(409);
  });

  it('nobody else may void: another viewer of the site gets 404, another site’s responsible person too', async () => {
    const entry = await record();
    const colleague = await t.user(['viewer'], [f.siteId]);
    expect((await voidIt(colleague.token, entry.id, 'Not my entry at all')).statusCode).toBe(404);
    const g = await siteWithStaff(t);
    expect((await voidIt(g.responsible.token, entry.id, 'Not my site at all')).statusCode).toBe(404);
    const auditor = await t.user(['auditor']);
    expect((await voidIt(auditor.token, entry.id, 'Auditors change nothing')).statusCode).toBe(403);
  });

  it('the workbook keeps the void entry, struck through and marked with the reason', async () => {
    const entry = await record('Duplicate of the morning entry');
    expect((await voidIt(f.viewer.token, entry.id, 'Recorded twice by mistake')).statusCode).toBe(201);
    const res = await exportXlsx(t, f.responsible.token, 'lang=fi');
    expect(res.statusCode, res.body).toBe(200);
    const ws = (await readWorkbook(res.rawPayload)).getWorksheet('Katselupöytäkirja');
    if (!ws) throw new Error('no protocol sheet');
    const headings = (ws.getRow(1).values as unknown[]).map(String);
    const voidColumn = headings.indexOf('Mitätöity');
    expect(voidColumn).toBeGreaterThan(0);
    let found = 0;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const marked = cellText(row.getCell(voidColumn));
      const rowText = (row.values as unknown[]).map((v) => (typeof v === 'string' ? v : '')).join(' ');
      if (rowText.includes('Duplicate of the morning entry')) {
        found += 1;
        expect(marked).toContain('MITÄTÖITY');
        expect(marked).toContain('Recorded twice by mistake');
        expect(row.getCell(1).font?.strike).toBe(true);
      } else if (!marked) {
        expect(row.getCell(1).font?.strike ?? false).toBe(false);
      }
    });
    expect(found).toBe(1);
  });
});
