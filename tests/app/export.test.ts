import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExportCancelled,
  type ProtocolKey,
  prepareLedgerExport,
  protocolColumns,
  writeLedgerWorkbook,
  writeProtocolCsv,
} from '../../src/export/index.js';
import { retentionSettingsOf, runPurgePass } from '../../src/retention/index.js';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import {
  cellText,
  exportXlsx,
  injection,
  type KnownLedger,
  knownLedger,
  readWorkbook,
  siteName,
  window,
} from './export-fixture.js';

/** The six items of R7 as the register notice words them, and the columns the protocol sheet puts them in. */
const registerNoticeHeadings = {
  viewedAt: 'Katselupäivä ja kellonaika',
  description: 'Katseltava asia sekä päivämäärä ja kellonaika',
  grounds: 'Katselun peruste',
  decidedBy: 'Katselusta päättäneen henkilön nimi',
  viewer: 'Katselua suorittaneen vastuuhenkilön tai käyttäjän nimi',
  requester: 'Ulkopuolisen pyytäjän nimi ja pyynnön hyväksyntä tai hylkäys',
} as const;

/** The protocol sheet's column number of each key. */
const P = Object.fromEntries(protocolColumns.map((c, i) => [c.key, i + 1])) as Record<ProtocolKey, number>;

const sheetsByLang = {
  fi: [
    'Katselupöytäkirja',
    'Katseluoikeudet',
    'Ulkopuoliset pyynnöt',
    'Kopiot',
    'Täsmäytyksen havainnot',
    'Säilytysajan poistot',
    'Tietoa tiedostosta',
  ],
  sv: [
    'Granskningsprotokoll',
    'Granskningsrätter',
    'Utomstående begäranden',
    'Kopior',
    'Avstämningsfynd',
    'Raderingar efter lagringstid',
    'Om filen',
  ],
  en: [
    'Protocol',
    'Viewing rights',
    'Outside requests',
    'Copies',
    'Reconciliation findings',
    'Retention tombstones',
    'About this file',
  ],
};

const firstItemHeadings = {
  sv: [
    'Datum och klockslag för granskningen',
    'Det som granskades samt datum och klockslag',
    'Grund för granskningen',
  ],
  en: ['Viewing date and time', 'Matter viewed, with its date and time', 'Grounds for the viewing'],
};

/** The protocol row of an entry (found by its id). */
function rowOf(ws: ExcelJS.Worksheet, id: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (cellText(row.getCell(P.entryId)) === id) found = row;
  });
  if (!found) throw new Error(`no row for ${id}`);
  return found;
}

/** A sheet by its name. */
function sheet(book: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = book.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The column number of a heading. */
function columnOf(ws: ExcelJS.Worksheet, heading: string): number {
  let found = 0;
  ws.getRow(1).eachCell((cell, n) => {
    if (cell.value === heading) found = n;
  });
  if (found === 0) throw new Error(`no column ${heading} in ${ws.name}`);
  return found;
}

/** What the cell shows as Helsinki wall-clock time: the UTC fields of the Date exceljs reads. */
const shown = (cell: ExcelJS.Cell) => (cell.value as Date).toISOString().slice(0, 16).replace('T', ' ');

describeEachDialect('ledger export', (dialect) => {
  let t: TestApp;
  let k: KnownLedger;
  let wb: ExcelJS.Workbook;
  let head: { seq: number; hash: string };
  let firstRunId: string;
  const query = `from=${window.from}&to=${window.to}`;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    k = await knownLedger(t);
    const run = await call(t, k.responsible.token, 'POST', '/api/v1/reconciliations', {
      from: '2026-03-29T00:00:00+02:00',
      to: '2026-03-30T00:00:00+03:00',
      siteIds: [k.siteId],
    });
    expect(run.statusCode, run.body).toBe(201);
    firstRunId = run.json().id;
    const findings = await call(t, k.responsible.token, 'GET', `/api/v1/reconciliations/${run.json().id}`);
    const late = findings
      .json<{ findings: { id: string; kind: string }[] }>()
      .findings.find((f) => f.kind === 'late_entry');
    expect(late).toBeDefined();
    const resolved = await call(t, k.responsible.token, 'POST', `/api/v1/findings/${late!.id}/resolution`, {
      note: '=Selvitetty: kirjattu aamulla',
    });
    expect(resolved.statusCode, resolved.body).toBe(201);
    const res = await exportXlsx(t, k.auditor.token, query);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="katselukirjanpito-2026-03-01--2026-03-31.xlsx"',
    );
    wb = await readWorkbook(res.rawPayload);
    head = (await call(t, k.auditor.token, 'GET', '/api/v1/ledger/verify')).json().head;
  });
  afterAll(() => t.close());

  /** An entry's ledger number as the workbook's protocol sheet gives it. */
  const seqOf = (id: string) => rowOf(wb.worksheets[0]!, id).getCell(1).value as number;

  it('has its sheets, each with a bold frozen header row, a filter and a running number first', () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(sheetsByLang.fi);
    for (const ws of wb.worksheets) {
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', xSplit: 0, ySplit: 1 });
      const width = ws.getRow(1).cellCount;
      expect(ws.autoFilter, ws.name).toBe(`A1:${ws.getRow(1).getCell(width).address.replace(/\d+$/, '')}1`);
      expect(ws.getRow(1).getCell(1).font?.bold, ws.name).toBe(true);
      // The first column numbers the rows, so that a reader can cite one (UUIDs come last).
      const numbers: unknown[] = [];
      ws.eachRow((row, n) => {
        if (n > 1) numbers.push(row.getCell(1).value);
      });
      if (ws.name !== 'Säilytysajan poistot') expect(numbers.length, ws.name).toBeGreaterThan(0);
      for (const value of numbers) expect(typeof value, ws.name).toBe('number');
      expect(new Set(numbers).size, ws.name).toBe(numbers.length);
    }
    const protocol = wb.worksheets[0]!;
    expect(protocol.autoFilter).toBe(`A1:${protocol.getColumn(protocolColumns.length).letter}1`);
    expect(protocol.getColumn(P.description).width).toBe(30);
    expect(protocol.getColumn(P.description).alignment?.wrapText).toBe(true);
  });

  it('heads the protocol with the six items in the register notice’s words, in order', () => {
    const header = wb.worksheets[0]!.getRow(1);
    for (const [key, heading] of Object.entries(registerNoticeHeadings))
      expect(header.getCell(P[key as ProtocolKey]).value).toBe(heading);
    expect(P.viewedAt).toBeLessThan(P.description);
    expect(P.description).toBeLessThan(P.grounds);
    expect(P.grounds).toBeLessThan(P.decidedBy);
    expect(P.decidedBy).toBeLessThan(P.viewer);
    expect(P.viewer).toBeLessThan(P.requester);
    expect(header.getCell(1).value).toBe('Kirjanpidon nro');
    expect(P.entryId).toBe(protocolColumns.length);
    expect(header.getCell(P.entryId).value).toBe('Kirjauksen tunniste (UUID)');
    expect(header.getCell(P.recordedAt).value).toBe('Kirjattu');
    expect(header.getCell(P.amendments).value).toBe('Korjaukset (alkuperäiset tiedot näkyvissä)');
    expect(header.getCell(P.requestReference).value).toBe('Pyynnön viite');
  });

  it('writes times as Excel dates in Helsinki wall-clock time, across the DST change', () => {
    const ws = wb.worksheets[0]!;
    const before = rowOf(ws, k.entries.beforeDst);
    const after = rowOf(ws, k.entries.afterDst);
    for (const cell of [
      before.getCell(P.viewedAt),
      after.getCell(P.viewedAt),
      before.getCell(P.footageFrom),
      before.getCell(P.recordedAt),
    ]) {
      expect(cell.type).toBe(ExcelJS.ValueType.Date);
      expect(cell.numFmt).toBe('d.m.yyyy h:mm');
    }
    // 00:30 UTC was 02:30 EET; 01:30 UTC, after the clocks went forward, 04:30 EEST.
    expect(shown(before.getCell(P.viewedAt))).toBe('2026-03-29 02:30');
    expect(shown(before.getCell(P.viewedUntil))).toBe('2026-03-29 02:45');
    expect(shown(after.getCell(P.viewedAt))).toBe('2026-03-29 04:30');
    expect(shown(before.getCell(P.footageFrom))).toBe('2026-03-28 22:00'); // 20:00 UTC, winter time
    expect(shown(before.getCell(P.recordedAt))).toBe('2026-03-29 15:00'); // recorded at 12:00 UTC
  });

  it('writes the six items, the bookkeeping and the amendment with the original visible', () => {
    const ws = wb.worksheets[0]!;
    const r = rowOf(ws, k.entries.beforeDst);
    expect(r.getCell(P.description).value).toBe('Rikottu ikkuna pääsisäänkäynnillä');
    expect(r.getCell(P.site).value).toBe(siteName);
    expect(r.getCell(P.cameras).value).toBe('Sisäänkäynti');
    expect(r.getCell(P.footageTimeEstimated).value).toBe('ei');
    expect(r.getCell(P.grounds).value).toBe('Rikoksen selvittäminen');
    expect(r.getCell(P.justification).value).toBe('Henkilökunta ilmoitti ilkivallasta aamulla');
    expect(r.getCell(P.decidedBy).value).toMatch(/^Test responsible/);
    expect(r.getCell(P.viewer).value).toMatch(/^Test viewer/);
    expect(r.getCell(P.requester).value).toBeNull();
    expect(r.getCell(P.late).value).toBe('kyllä');
    expect(r.getCell(P.lateByMinutes).value).toBe(615); // 11 h 15 min after the viewing ended, less the 60-minute limit
    expect(r.getCell(P.delayReason).value).toBe('Kirjattu vasta aamuvuoron alussa yön muistiinpanoista');
    expect(r.getCell(P.amendments).value).toMatch(
      /^29\.3\.2026 15\.00 Test responsible \d+: Katseltava asia sekä päivämäärä ja kellonaika: Rikottu ikkuna sisäänkäynnillä → Rikottu ikkuna pääsisäänkäynnillä \(syy: Tarkennettu paikka\)$/,
    );
    expect(r.getCell(P.source).value).toBe('palvelu');

    const after = rowOf(ws, k.entries.afterDst);
    expect(after.getCell(P.cameras).value).toBe('Sisäänkäynti, Takaovi');
    expect(after.getCell(P.footageTimeEstimated).value).toBe('kyllä');
    expect(after.getCell(P.grounds).value).toBe('Vaara- tai uhkatilanne');

    const withRequest = rowOf(ws, k.entries.withRequest);
    expect(withRequest.getCell(P.requester).value).toBe('Konstaapeli Matti Mäkinen (Hämeen poliisilaitos)');
    expect(withRequest.getCell(P.requestDecision).value).toBe('hyväksytty');
    expect(withRequest.getCell(P.late).value).toBe('ei');
    expect(withRequest.getCell(P.lateByMinutes).value).toBeNull();
    expect(withRequest.getCell(P.requestReference).value).toBe('5500/R/12345/26');
  });

  it('writes a rejected outside request as a protocol row with no viewing (R7 item 6)', () => {
    const r = rowOf(wb.worksheets[0]!, k.rejectedRequestId);
    expect(r.getCell(P.viewedAt).value).toBeNull();
    expect(r.getCell(P.viewer).value).toBeNull();
    expect(cellText(r.getCell(P.requester))).toBe(`${injection.requester} (Yksityinen vakuutusyhtiö)`);
    expect(r.getCell(P.requestDecision).value).toBe('hylätty');
    expect(r.getCell(P.description).value).toBe(
      'Ulkopuolinen pyyntö hylätty, ei katselua: R8: luovutus vain poliisille',
    );
    expect(r.getCell(P.requestReference).value).toBe('VAK-77');
    // in time order: after the 04:30 entry (received 09:00 UTC), before the 11:50 one
    const ids: string[] = [];
    wb.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) ids.push(cellText(row.getCell(P.entryId)));
    });
    expect(ids.indexOf(k.rejectedRequestId)).toBe(ids.indexOf(k.entries.afterDst) + 1);
    expect(ids.indexOf(k.entries.withRequest)).toBe(ids.indexOf(k.rejectedRequestId) + 1);
  });

  it('writes text that looks like a formula as text, never as a formula (OWASP CSV injection)', () => {
    const ws = wb.worksheets[0]!;
    const after = rowOf(ws, k.entries.afterDst);
    const cells = [
      [after.getCell(P.description), injection.description],
      [after.getCell(P.justification), injection.justification],
      [after.getCell(P.decidedBy), injection.decider],
      [
        rowOf(ws, k.rejectedRequestId).getCell(P.requester),
        `${injection.requester} (Yksityinen vakuutusyhtiö)`,
      ],
    ] as const;
    for (const [cell, text] of cells) {
      expect(cell.type, text).toBe(ExcelJS.ValueType.RichText); // an inline string, t="inlineStr"
      expect(cell.formula, text).toBeUndefined();
      expect(cellText(cell)).toBe(text);
    }
    let formulas = 0;
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Formula) formulas++;
        }),
      );
    }
    expect(formulas).toBe(0);
  });

  it('writes the outside requests, copies and findings sheets, every code in words', () => {
    const requests = sheet(wb, 'Ulkopuoliset pyynnöt');
    const copies = sheet(wb, 'Kopiot');
    expect(requests.actualRowCount).toBe(3);
    const accepted = requests.getRow(2);
    const rq = (heading: string) => accepted.getCell(columnOf(requests, heading));
    expect(rq('Pyynnön tunniste (UUID)').value).toBe(k.acceptedRequestId);
    expect(columnOf(requests, 'Pyynnön tunniste (UUID)')).toBe(requests.getRow(1).cellCount);
    expect(rq('Pyytäjän nimi').value).toBe('Konstaapeli Matti Mäkinen');
    expect(rq('Poliisi (R8)').value).toBe('kyllä');
    expect(rq('Kanava').value).toBe('sähköposti');
    expect(rq('Päätös').value).toBe('hyväksytty');
    expect(shown(rq('Vastaanotettu'))).toBe('2026-03-29 11:00'); // received 08:00 UTC
    expect(shown(rq('Tallenne poistuu järjestelmästä (R1)'))).toBe('2026-04-11 13:00'); // R1: 336 h after 10:00 UTC, summer time
    expect(requests.getRow(3).getCell(columnOf(requests, 'Päätös')).value).toBe('hylätty');

    expect(copies.actualRowCount).toBe(2);
    const copy = copies.getRow(2);
    const cp = (heading: string) => copy.getCell(columnOf(copies, heading));
    expect(cp('Pyynnön viite').value).toBe('5500/R/12345/26');
    expect(cp('Tila (R2)').value).toBe('luovutettu');
    expect(shown(cp('Luovutettu'))).toBe('2026-03-29 14:58');
    expect(cp('Vastaanottaja').value).toBe('Konstaapeli Matti Mäkinen');
    expect(cp('Hävitetty').value).toBeNull(); // not destroyed yet
  });

  it('writes each finding once, in words, naming the run it comes from (R6)', async () => {
    const findings = sheet(wb, 'Täsmäytyksen havainnot');
    const rows: ExcelJS.Row[] = [];
    findings.eachRow((row, n) => {
      if (n > 1) rows.push(row);
    });
    const cell = (r: ExcelJS.Row, heading: string) => r.getCell(columnOf(findings, heading));
    expect(rows.map((r) => cell(r, 'Havainto (R6)').value)).toEqual([
      'Myöhästynyt kirjaus',
      'Myöhästynyt kirjaus',
    ]);
    expect(rows.map((r) => r.getCell(1).value)).toEqual([1, 2]);
    const seqs = await Promise.all(
      [k.entries.beforeDst, k.entries.afterDst].map(
        async (id) =>
          (await call(t, k.auditor.token, 'GET', `/api/v1/viewings/${id}`)).json().original.seq as number,
      ),
    );
    expect(rows.map((r) => cell(r, 'Kirjaukset (kirjanpidon nro)').value).sort()).toEqual(
      seqs.map(String).sort(),
    );
    // the same numbers as the protocol sheet's first column
    expect(seqs).toEqual([seqOf(k.entries.beforeDst), seqOf(k.entries.afterDst)]);
    expect(rows.every((r) => cell(r, 'Täsmäytyksen tunniste (UUID)').value === firstRunId)).toBe(true);
    expect(shown(cell(rows[0]!, 'Täsmäytys tehty'))).toBe('2026-03-29 15:00');
    expect(cell(rows[0]!, 'Täsmäytetty ajanjakso').value).toBe('29.3.2026 0.00 – 30.3.2026 0.00');
    const resolved = rows.find((r) => cellText(cell(r, 'Selvitys')) !== '')!;
    expect(cellText(cell(resolved, 'Selvitys'))).toBe('=Selvitetty: kirjattu aamulla');
    expect(cell(resolved, 'Selvitys').type).toBe(ExcelJS.ValueType.RichText);
    expect(cell(resolved, 'Selvittänyt').value).toMatch(/^Test responsible/);

    // A second run over part of the same day: its findings replace the first run's there, once.
    await t.setNow(new Date('2026-03-29T13:00:00.000Z'));
    const second = await call(t, k.responsible.token, 'POST', '/api/v1/reconciliations', {
      from: '2026-03-29T00:00:00+02:00',
      to: '2026-03-29T06:00:00+03:00',
      siteIds: [k.siteId],
    });
    expect(second.statusCode, second.body).toBe(201);
    const again = await readWorkbook((await exportXlsx(t, k.auditor.token, query)).rawPayload);
    const sheetAgain = sheet(again, 'Täsmäytyksen havainnot');
    const runs: unknown[] = [];
    sheetAgain.eachRow((row, n) => {
      if (n > 1) runs.push(row.getCell(columnOf(sheetAgain, 'Täsmäytyksen tunniste (UUID)')).value);
    });
    // Both late entries were viewed before 06:00 EEST: the second run speaks for them now.
    expect(runs).toEqual([second.json().id, second.json().id]);
  });

  it('writes what the retention purge deleted, without personal data (R1)', async () => {
    const integration = await t.user(['integration']);
    const ingested = await call(t, integration.token, 'POST', '/api/v1/recordings', {
      cardReads: [
        {
          cameraId: k.cameraIds[0],
          externalId: 'card-1',
          cardNumber: '1234 5678',
          at: '2026-03-20T10:00:00Z',
        },
      ],
    });
    expect(ingested.json().accepted, ingested.body).toHaveLength(1);
    const purgedAt = new Date('2026-04-05T09:00:00Z'); // 336 h after the read, and then some
    const pass = await runPurgePass(t.app.database, retentionSettingsOf(t.config), { clock: () => purgedAt });
    expect(pass.outcome, JSON.stringify(pass)).toBe('completed');
    const res = await exportXlsx(t, k.auditor.token, 'from=2026-04-01&to=2026-04-30&lang=en');
    const tombstones = (await readWorkbook(res.rawPayload)).getWorksheet('Retention tombstones')!;
    expect(tombstones.actualRowCount).toBe(2);
    const row = tombstones.getRow(2);
    const cell = (heading: string) => row.getCell(columnOf(tombstones, heading));
    expect(typeof row.getCell(1).value).toBe('number');
    expect(cell('Site').value).toBe(siteName);
    expect(cell('Camera').value).toBe('Sisäänkäynti');
    expect(cell('Deleted by kind').value).toBe('library card reads: 1');
    expect(cell('Items deleted').value).toBe(1);
    expect(shown(cell('Purged at (R1)'))).toBe('2026-04-05 12:00');
    let text = '';
    tombstones.eachRow((r) => r.eachCell((c) => (text += ` ${cellText(c)}`)));
    expect(text).not.toContain('1234');
  });

  it('says who exported, when, with which filters, and the ledger head that verified', () => {
    const about = sheet(wb, 'Tietoa tiedostosta');
    const values = new Map<string, ExcelJS.Cell>();
    about.eachRow((row, n) => {
      if (n > 1) expect(row.getCell(1).value).toBe(n - 1);
      values.set(String(row.getCell(2).value), row.getCell(3));
    });
    expect(values.get('Tiedoston muodosti')?.value).toMatch(/^Test auditor \d+ \(auditor\d+\)$/);
    expect(shown(values.get('Tiedosto muodostettu')!)).toBe('2026-03-29 15:00');
    expect(values.get('Tiedosto muodostettu')?.numFmt).toBe('d.m.yyyy h:mm');
    expect(shown(values.get('Ajanjakso alkaa')!)).toBe('2026-03-01 00:00');
    // the whole 31st included
    expect(shown(values.get('Ajanjakso päättyy (tämä hetki ei kuulu jaksoon)')!)).toBe('2026-04-01 00:00');
    expect(values.get('Toimipiste')?.value).toBe('kaikki');
    expect(values.get('Kirjanpidon viimeisin numero')?.value).toBe(head.seq);
    expect(values.get('Kirjanpidon viimeisimmän merkinnän tiiviste')?.value).toBe(head.hash);
    expect(values.get('Kirjanpidon eheys tarkistettu')?.value).toBe('kyllä');
    expect(values.get('Käyttöloki mukana')?.value).toBe('ei pyydetty');
    expect(values.get('Rivejä: Katselupöytäkirja')?.value).toBe(5);
    expect(values.get('Rivejä: Katseluoikeudet')?.value).toBe(4);
  });

  it('lists the viewing rights with their commitment, reason and confirmation (R3)', async () => {
    const rights = sheet(wb, 'Katseluoikeudet');
    const byPerson = new Map<string, ExcelJS.Row>();
    rights.eachRow((row, n) => {
      if (n > 1) byPerson.set(String(row.getCell(columnOf(rights, 'Henkilö')).value), row);
    });
    const viewerName = (await call(t, k.auditor.token, 'GET', `/api/v1/users/${k.viewer.id}`)).json()
      .displayName as string;
    const row = byPerson.get(viewerName)!;
    const cell = (heading: string) => row.getCell(columnOf(rights, heading));
    expect(cell('Toimipiste').value).toBe(siteName);
    expect(cell('Salassapitositoumuksen diaarinumero').value).toBeTruthy();
    expect(cell('Sitoumus allekirjoitettu').value).toMatch(/^\d{1,2}\.\d{1,2}\.20\d\d$/);
    expect(shown(cell('Oikeus voimassa alkaen'))).toBe('2026-03-01 02:00');
    expect(cell('Oikeuden myöntänyt').value).toMatch(/^Test responsible/);
    // back-dated by four weeks when it was recorded: R3 asks for the reason
    expect(cellText(cell('Perustelu takautuvalle tai itselle myönnetylle oikeudelle'))).not.toBe('');
    expect(cell('Toisen vastuuhenkilön vahvistus').value).toBe('ei tarvita');
    expect(cell('Oikeus päättynyt').value).toBeNull();
    expect(byPerson.size).toBe(4); // three of Hollola, one of Sysmä (the auditor sees all)
  });

  it('adds the access log of the period for an auditor who asks, and refuses it to others (R10)', async () => {
    const res = await exportXlsx(t, k.auditor.token, `${query}&accessLog=true`);
    expect(res.statusCode, res.body).toBe(200);
    const book = await readWorkbook(res.rawPayload);
    expect(book.worksheets.map((ws) => ws.name)).toEqual([
      ...sheetsByLang.fi.slice(0, 6),
      'Käyttöloki',
      'Tietoa tiedostosta',
    ]);
    const log = sheet(book, 'Käyttöloki');
    const actions: unknown[] = [];
    log.eachRow((row, n) => {
      if (n > 1) actions.push(row.getCell(columnOf(log, 'Toiminto')).value);
    });
    expect(actions).toContain('viewing.record');
    expect(log.getRow(2).getCell(columnOf(log, 'Tulos')).value).toMatch(/^(onnistui|evätty|epäonnistui)$/);
    const refused = await exportXlsx(t, k.responsible.token, `${query}&accessLog=true`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    expect(refused.body).toContain('accessLog');
  });

  describe.each(['sv', 'en'] as const)('in %s', (lang) => {
    it('names the sheets and heads the items in that language', async () => {
      const res = await exportXlsx(t, k.auditor.token, `${query}&lang=${lang}`);
      expect(res.statusCode, res.body).toBe(200);
      const other = await readWorkbook(res.rawPayload);
      expect(other.worksheets.map((ws) => ws.name)).toEqual(sheetsByLang[lang]);
      const findings = other.worksheets[4]!;
      let kinds = '';
      findings.eachRow((row, n) => {
        if (n > 1) kinds += cellText(row.getCell(2));
      });
      expect(kinds).toContain(lang === 'sv' ? 'Försenad anteckning' : 'Late entry');
      const header = other.worksheets[0]!.getRow(1);
      expect([
        header.getCell(P.viewedAt).value,
        header.getCell(P.description).value,
        header.getCell(P.grounds).value,
      ]).toEqual(firstItemHeadings[lang]);
      const before = rowOf(other.worksheets[0]!, k.entries.beforeDst);
      expect(before.getCell(P.viewedAt).numFmt).toBe('yyyy-mm-dd hh:mm');
      expect(shown(before.getCell(P.viewedAt))).toBe('2026-03-29 02:30');
      expect(before.getCell(P.footageTimeEstimated).value).toBe(lang === 'sv' ? 'nej' : 'no');
    });
  });

  it('gives a responsible person their own sites only, and refuses others', async () => {
    const own = await readWorkbook((await exportXlsx(t, k.responsible.token, query)).rawPayload);
    expect(own.worksheets[0]!.actualRowCount).toBe(5); // header + 4 rows of the site; not the other site's
    const refusals = [
      [k.responsible.token, `${query}&siteId=${k.otherSite.siteId}`, 403],
      [k.viewer.token, query, 403],
      [t.adminToken, query, 403],
      [k.auditor.token, 'siteId=no-such-site', 404],
      [k.auditor.token, 'from=2026-13-01', 400],
      [k.auditor.token, 'from=2026-03-31&to=2026-03-01', 400],
      [k.auditor.token, 'lang=de', 400],
    ] as const;
    for (const [token, q, status] of refusals) {
      const res = await exportXlsx(t, token, q);
      expect(res.statusCode, q).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('records every export in the access log with its filters (R10)', async () => {
    await exportXlsx(t, k.responsible.token, `${query}&siteId=${k.siteId}&lang=en`);
    const log = await call(
      t,
      k.auditor.token,
      'GET',
      `/api/v1/audit-events?actorId=${k.responsible.id}&action=ledger.export_xlsx`,
    );
    expect(log.statusCode, log.body).toBe(200);
    const items = log.json<{ items: { outcome: string; detail: { query: Record<string, string> } }[] }>()
      .items;
    expect(items[0]).toMatchObject({
      outcome: 'success',
      detail: { query: { from: window.from, to: window.to, siteId: k.siteId, lang: 'en' } },
    });
    expect(items.some((i) => i.outcome === 'denied')).toBe(true); // the refused other-site export
  });

  it('exports the protocol sheet as CSV, formula-like text prefixed and quoted', async () => {
    const res = await call(
      t,
      k.auditor.token,
      'GET',
      `/api/v1/exports/ledger.csv?${query}&siteId=${k.siteId}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = res.rawPayload.toString('utf8');
    expect(
      text.startsWith(
        '\uFEFFKirjanpidon nro,Katselupäivä ja kellonaika,Katselu päättyi,Katseltava asia sekä päivämäärä ja kellonaika,',
      ),
    ).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines).toHaveLength(6); // header, 4 rows, and the empty string after the last CRLF
    const after = lines.find((l) => l.includes(k.entries.afterDst))!;
    expect(
      after.startsWith(
        `${seqOf(k.entries.afterDst)},2026-03-29T04:30:00+03:00,,"'=HYPERLINK(""http://evil.example"",""klikkaa"")",`,
      ),
    ).toBe(true);
    expect(after).toContain(`"'${injection.justification}"`);
    expect(after).toContain(`"'${injection.decider}"`);
    const before = lines.find((l) => l.includes(k.entries.beforeDst))!;
    expect(
      before.startsWith(`${seqOf(k.entries.beforeDst)},2026-03-29T02:30:00+02:00,2026-03-29T02:45:00+02:00,`),
    ).toBe(true);
    const log = await call(
      t,
      k.auditor.token,
      'GET',
      `/api/v1/audit-events?actorId=${k.auditor.id}&action=ledger.export_csv`,
    );
    expect(log.json().items).toHaveLength(1);
  });

  it('stops writing when its reader goes away', async () => {
    const auditor = {
      ...k.auditor,
      displayName: 'Auditor',
      roles: ['auditor' as const],
      siteIds: [],
      mustChangePassword: false,
    };
    const settings = { retentionHours: 336, twoPersonDecisions: true };
    for (const write of [writeLedgerWorkbook, writeProtocolCsv]) {
      const snapshot = await prepareLedgerExport(
        t.app.database.db,
        auditor,
        { from: window.from },
        new Date(),
        settings,
      );
      const out = new PassThrough({ highWaterMark: 16 });
      out.destroy();
      await expect(write(snapshot, out)).rejects.toBeInstanceOf(ExportCancelled);
    }
  });
});
