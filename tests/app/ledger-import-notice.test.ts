import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { describeEachDialect } from '../helpers/database.js';
import { uploadLedger } from './export-fixture.js';

/** The protocol's six columns exactly as the register notice words them. */
const notice = [
  'Katselupäivä ja kellonaika',
  'Katseltava asia sekä päivämäärä ja kellonaika',
  'Katselun peruste',
  'Katselusta päättäneen henkilön nimi',
  'Katselua suorittaneen vastuuhenkilön tai käyttäjän nimi',
  'Ulkopuolisen pyytäjän nimi ja pyynnön hyväksyntä tai hylkäys',
];

const director = 'Kirjastonjohtaja Liisa Laine';

/** A dozen rows as a library writes them: item 2 as one text, grounds in its own words. */
const rows: [viewed: unknown, matter: string, grounds: string, viewer: string, requester: string][] = [
  [
    '14.10.2026 klo 9.15',
    'Ilkivalta pihalla 13.10.2026 klo 21-22',
    'Rikoksen selvittäminen',
    'Heikki Korhonen',
    '',
  ],
  [
    '14.10.2026 11:40',
    'Asiakas kaatui portaissa 14.10.2026 klo 10.15–10.30',
    'Tapaturman selvittäminen',
    'Maija Virtanen',
    '',
  ],
  [
    new Date(Date.UTC(2026, 9, 15, 8, 0)), // an Excel date cell: 15.10.2026 8.00 on the wall clock
    'Polkupyörävarkaus telineestä 12.10.2026 kello 16-18',
    'Poliisin pyyntö',
    'Heikki Korhonen',
    'Vanhempi konstaapeli Ville Vahti, Hämeen poliisilaitos (hyväksytty)',
  ],
  [
    'ti 20.10.2026 klo 19.05',
    'Uhkaava asiakas lehtisalissa ti 20.10.2026 klo 18.40',
    'Uhkatilanne',
    'Maija Virtanen',
    '',
  ],
  [
    '22.10.2026 kl. 8.30',
    'Skadegörelse vid entrén 21.10.2026 kl. 23-01',
    'Brottsutredning',
    'Sara Lindqvist',
    '',
  ],
  [
    '22.10.2026 klo 14.00',
    'Rekisteröity halusi nähdä omat tallenteensa 22.10.2026 klo 12-13',
    'Rekisteröidyn tarkastuspyyntö',
    'Heikki Korhonen',
    '',
  ],
  ['24.10.2026 klo 8.10', 'Lasiovi rikottu noin 24.10.26 klo 3.30', 'Ilkivalta', 'Maija Virtanen', ''],
  ['25.10.2026 klo 15.00', 'Palohälytys aulassa 2026-10-25 kl 14', 'Vaaratilanne', 'Sara Lindqvist', ''],
  [
    '26.10.2026 klo 12.30',
    'Kadonnut lompakko 26/10/2026 klo 11.00-11.20',
    'Rikoksen selvittäminen: varkausepäily',
    'Heikki Korhonen',
    '',
  ],
  [
    '27.10.2026 klo 20.15',
    'Häiriökäyttäytyminen sisäänkäynnillä 27.10.2026 klo 19-20',
    'Järjestyshäiriö',
    'Maija Virtanen',
    '',
  ],
  [
    '28.10.2026 klo 9.00',
    'Auto törmäsi aitaan pysäköintialueella 28.10.2026 klo 7.45',
    'Onnettomuus',
    'Sara Lindqvist',
    '',
  ],
  [
    '30.10.2026 klo 10.00',
    'Tallenne ulko-ovelta 29.10.2026 klo 20-21',
    'Poliisin pyynnöstä',
    'Heikki Korhonen',
    'Rikosylikonstaapeli Anna Aho, Hämeen poliisilaitos',
  ],
];

/** The register notice's protocol as a library kept it in Excel: a title, the headings, the rows. */
async function noticeWorkbook(data: typeof rows): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Katselut 2026');
  ws.addRow(['Omatoimikirjaston kameratallenteiden katselupöytäkirja']);
  ws.addRow(notice);
  for (const [viewed, matter, grounds, viewer, requester] of data) {
    ws.addRow([viewed, matter, grounds, director, viewer, requester]).eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'd.m.yyyy h:mm';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface Entry {
  description: string;
  footageFrom: string;
  footageTo: string;
  footageTimeEstimated: boolean;
  grounds: string;
  justification: string;
  viewedAt: string;
  importRef: { row: number; outsideRequest?: { requester: string } } | null;
}

describeEachDialect('import of a ledger in the register notice’s own layout', (dialect) => {
  let t: TestApp;
  let siteId: string;
  let responsible: { id: string; username: string; token: string };
  let dir: string;
  let byRow: Map<number, Entry>;
  let report: Record<string, unknown>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    siteId = await t.site('Orimattila omatoimikirjasto');
    responsible = await t.user(['responsible'], [siteId]);
    dir = mkdtempSync(join(tmpdir(), 'cctv-notice-'));
    const res = await uploadLedger(t, responsible.token, { siteId }, await noticeWorkbook(rows));
    expect(res.statusCode, res.body).toBe(201);
    report = res.json();
    const list = await call(t, responsible.token, 'GET', '/api/v1/viewings?limit=500');
    byRow = new Map(list.json<{ items: Entry[] }>().items.map((e) => [e.importRef?.row ?? 0, e]));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('imports every row, counting rows', () => {
    expect(report).toMatchObject({ rowsRead: 12, imported: 12, invalid: 0, errorCount: 0, headerRow: 2 });
    expect(byRow.size).toBe(12);
  });

  it('splits item 2 into the matter and the footage period, whole hours as an estimate (R7)', () => {
    // 13.10.2026 is summer time, UTC+3
    expect(byRow.get(3)).toMatchObject({
      description: 'Ilkivalta pihalla',
      footageFrom: '2026-10-13T18:00:00.000Z',
      footageTo: '2026-10-13T19:00:00.000Z',
      footageTimeEstimated: true,
      grounds: 'crime_investigation',
      viewedAt: '2026-10-14T06:15:00.000Z',
    });
    expect(byRow.get(4)).toMatchObject({
      description: 'Asiakas kaatui portaissa',
      footageFrom: '2026-10-14T07:15:00.000Z',
      footageTo: '2026-10-14T07:30:00.000Z',
      footageTimeEstimated: false,
      grounds: 'accident_investigation',
    });
    // past midnight: the footage ends on the next day
    expect(byRow.get(7)).toMatchObject({
      description: 'Skadegörelse vid entrén',
      footageFrom: '2026-10-21T20:00:00.000Z',
      footageTo: '2026-10-21T22:00:00.000Z',
      footageTimeEstimated: true,
      grounds: 'crime_investigation',
    });
    expect(byRow.get(9)).toMatchObject({ footageTimeEstimated: true, grounds: 'crime_investigation' }); // "noin"
    // the day the clocks went back: 14.00 is winter time, UTC+2
    expect(byRow.get(10)).toMatchObject({
      description: 'Palohälytys aulassa',
      footageFrom: '2026-10-25T12:00:00.000Z',
      footageTo: '2026-10-25T13:00:00.000Z',
      grounds: 'danger_or_threat',
    });
    expect(byRow.get(11)).toMatchObject({
      description: 'Kadonnut lompakko',
      footageTimeEstimated: false,
      justification: 'varkausepäily',
    });
  });

  it('maps grounds as people write them to the R9 categories', () => {
    expect([...byRow.entries()].sort(([a], [b]) => a - b).map(([, e]) => e.grounds)).toEqual([
      'crime_investigation',
      'accident_investigation',
      'police_request',
      'danger_or_threat',
      'crime_investigation',
      'data_subject_request',
      'crime_investigation',
      'danger_or_threat',
      'crime_investigation',
      'danger_or_threat',
      'accident_investigation',
      'police_request',
    ]);
    expect(byRow.get(5)?.importRef?.outsideRequest?.requester).toBe(
      'Vanhempi konstaapeli Ville Vahti, Hämeen poliisilaitos (hyväksytty)',
    );
  });

  it('on the command line: counts rows, names --skip-invalid, and fails when it imports nothing', async () => {
    const bad = rows.slice(0, 3).map(([v, m, , w, r]) => [v, m, 'Selvitys', w, r] as (typeof rows)[number]);
    const file = join(dir, 'virheelliset.xlsx');
    writeFileSync(file, await noticeWorkbook(bad));
    const env = { DATA_DIR: t.database.dataDir, DATABASE_URL: t.database.url };
    const base = ['import-ledger', file, '--site', siteId, '--user', responsible.username];

    const refused = await runCli(base, env).done;
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain('3 of 3 rows cannot be imported (3 problems, listed by row)');
    expect(refused.stderr).toContain('with --skip-invalid');
    expect(refused.stderr).not.toContain('skipInvalid');
    expect(refused.stderr).toContain('in --map');
    for (const row of [3, 4, 5]) expect(refused.stderr).toContain(`row ${row}, column C “Katselun peruste”`);

    const skipped = await runCli([...base, '--skip-invalid'], env).done;
    expect(skipped.code, skipped.stderr).toBe(1);
    expect(skipped.stderr).toContain('3 of 3 rows were left out (--skip-invalid)');
    expect(skipped.stderr).toContain('nothing was imported');
    expect(JSON.parse(skipped.stdout)).toMatchObject({ rowsRead: 3, imported: 0, invalid: 3 });
  }, 120_000);
});
