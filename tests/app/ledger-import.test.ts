import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { bigSheetXlsx } from '../helpers/hostile-xlsx.js';
import { buildZip, zeroBombEntry } from '../vms/read/zip-builder.js';
import { uploadLedger } from './export-fixture.js';

/** The six headings of the register notice, as a library's own Excel ledger has them. */
const notice = [
  'Katselupäivä ja kellonaika',
  'Katseltava asia sekä päivämäärä ja kellonaika',
  'Katselun peruste',
  'Katselusta päättäneen henkilön nimi',
  'Katselua suorittaneen vastuuhenkilön tai käyttäjän nimi',
  'Ulkopuolisen pyytäjän nimi ja pyynnön hyväksyntä tai hylkäys',
];

/** A workbook as a library kept it: a title row, then the headings, then the rows. */
async function workbook(
  headings: string[],
  rows: unknown[][],
  title = 'Kameratallenteiden katselu 2024',
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Taul1');
  if (title) ws.addRow([title]);
  ws.addRow(headings);
  for (const r of rows) {
    ws.addRow(r).eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'd.m.yyyy h:mm';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const legacyRows = [
  [
    '12.3.2024 14.30',
    'Ikkunan rikkominen sisäänkäynnillä 11.3.2024 klo 22.00–22.30 (arviolta)',
    'Rikoksen selvittäminen: ilkivalta yöllä',
    'Kirjastonjohtaja Liisa Laine',
    'Heikki Korhonen',
    '',
  ],
  [
    new Date(Date.UTC(2024, 9, 27, 9, 5)), // an Excel date-time cell: 27.10.2024 9.05 on the wall clock
    'Polkupyörävarkaus, tallenne 26.10.2024 16.00',
    'Poliisin pyyntö',
    'Kirjastonjohtaja Liisa Laine',
    'Maija Virtanen',
    'Vanhempi konstaapeli Ville Vahti, Hämeen poliisilaitos',
  ],
  [null, null, null, 'Kirjastonjohtaja Liisa Laine', null, 'Vakuutusyhtiö Oy (hylätty)'],
];

describeEachDialect('import of existing Excel ledgers', (dialect) => {
  let t: TestApp;
  let siteId: string;
  let responsible: { id: string; token: string };
  let auditor: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    siteId = await t.site('Lahti omatoimikirjasto');
    await t.camera(siteId, 'Sisäänkäynti', ['LAHTI-CAM-1']);
    responsible = await t.user(['responsible'], [siteId]);
    auditor = await t.user(['auditor']);
  });
  afterAll(() => t.close());

  const entries = async () =>
    (await call(t, auditor.token, 'GET', '/api/v1/viewings?limit=500')).json<{
      items: Record<string, unknown>[];
    }>().items;
  const headSeq = async () =>
    (await call(t, auditor.token, 'GET', '/api/v1/ledger/verify')).json().head.seq as number;

  function expectProblem(res: Awaited<ReturnType<typeof uploadLedger>>, status: number) {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return res.json<{
      detail: string;
      errors: { field: string; line?: number; column?: string; message: string; rule?: string }[];
    }>();
  }

  it('refuses a file with columns missing, naming each missing item (R7)', async () => {
    const file = await workbook(
      ['Katselupäivä ja kellonaika', 'Katselun peruste'],
      [['12.3.2024 14.30', 'Poliisin pyyntö']],
    );
    const problem = expectProblem(await uploadLedger(t, responsible.token, { siteId }, file), 400);
    expect(problem.errors.map((e) => e.message)).toEqual([
      'R7 item 2: no column “Katseltava asia sekä päivämäärä ja kellonaika” in heading row 2',
      'R7 item 4: no column “Katselusta päättäneen henkilön nimi” in heading row 2',
      'R7 item 5: no column “Katselua suorittaneen vastuuhenkilön tai käyttäjän nimi” in heading row 2',
    ]);
    expect(problem.errors.every((e) => e.rule === 'R7' && e.line === 2)).toBe(true);
    expect(await entries()).toHaveLength(0);
  });

  it('refuses a bad date, naming its row and column, and stores nothing', async () => {
    const seq = await headSeq();
    const rows = [legacyRows[0]!, ['31.2.2024 14.30', ...legacyRows[0]!.slice(1)]];
    const problem = expectProblem(
      await uploadLedger(t, responsible.token, { siteId }, await workbook(notice, rows)),
      400,
    );
    expect(problem.detail).toBe(
      '1 of 2 rows cannot be imported (1 problem, listed by row); nothing was imported (fix the rows, or import the valid ones with skipInvalid)',
    );
    expect(problem.errors).toEqual([
      {
        field: 'file',
        line: 4,
        column: 'A “Katselupäivä ja kellonaika”',
        message: 'R7 item 1: “31.2.2024 14.30” is not a valid date and time',
        rule: 'R7',
      },
    ]);
    expect(await entries()).toHaveLength(0);
    expect(await headSeq()).toBe(seq);
  });

  it('lists every row missing an item with its row number and the item', async () => {
    const rows = [
      legacyRows[0]!,
      [
        '13.3.2024 10.00',
        'Ilkivalta 12.3.2024 klo 20.00',
        'Rikoksen selvittäminen',
        '',
        'Heikki Korhonen',
        '',
      ],
      ['14.3.2024 10.00', 'Ilkivalta, aika ei tiedossa', 'Selvitys', 'Liisa Laine', '', ''],
    ];
    const problem = expectProblem(
      await uploadLedger(t, responsible.token, { siteId }, await workbook(notice, rows)),
      400,
    );
    expect(problem.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [
        4,
        'D “Katselusta päättäneen henkilön nimi”',
        'R7 item 4: the name of the person who decided on the viewing is missing',
      ],
      [
        5,
        'B “Katseltava asia sekä päivämäärä ja kellonaika”',
        'R7 item 2: the date and time of the footage viewed are missing (write e.g. “… 13.10.2026 klo 21-22”)',
      ],
      [
        5,
        'C “Katselun peruste”',
        'R7 item 3: “Selvitys” is not an R9 grounds category; name one, or map the text under "grounds" in mapping',
      ],
      [
        5,
        'E “Katselua suorittaneen vastuuhenkilön tai käyttäjän nimi”',
        'R7 item 5: the name of the person who viewed is missing',
      ],
    ]);
    expect(await entries()).toHaveLength(0);
  });

  it('imports the valid rows with skipInvalid and reports the others', async () => {
    const rows = [legacyRows[0]!, ['31.2.2024 14.30', ...legacyRows[0]!.slice(1)]];
    const res = await uploadLedger(
      t,
      responsible.token,
      { siteId, skipInvalid: 'true' },
      await workbook(notice, rows, 'Valikoiden'),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      imported: 1,
      invalid: 1,
      errorCount: 1,
      errors: [{ row: 4, item: 1 }],
    });
  });

  it('reads a ledger kept by hand: Finnish times, item 2 as one text, a rejected request', async () => {
    const before = (await entries()).length;
    const file = await workbook(notice, legacyRows);
    const res = await uploadLedger(t, responsible.token, { siteId }, file, 'katselut-2024.xlsx');
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    expect(report).toMatchObject({
      fileName: 'katselut-2024.xlsx',
      sheet: 'Taul1',
      headerRow: 2,
      rowsRead: 3,
      imported: 2,
      alreadyImported: 0,
      rejectedRequests: [{ row: 5, requester: 'Vakuutusyhtiö Oy (hylätty)' }],
      errorCount: 0,
    });
    expect(report.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    const all = await entries();
    expect(all).toHaveLength(before + 2);
    const window = all.find((e) => String(e.description).startsWith('Ikkunan'))!;
    expect(window).toMatchObject({
      source: 'imported',
      siteId,
      viewedAt: '2024-03-12T12:30:00.000Z', // 14.30 EET
      footageFrom: '2024-03-11T20:00:00.000Z',
      footageTo: '2024-03-11T20:30:00.000Z',
      footageTimeEstimated: true,
      cameraIds: [],
      grounds: 'crime_investigation',
      justification: 'ilkivalta yöllä',
      decidedBy: { userId: null, name: 'Kirjastonjohtaja Liisa Laine' },
      viewerId: null,
      viewerName: 'Heikki Korhonen',
      recordedBy: responsible.id,
      late: false,
      importRef: { fileSha256: report.fileSha256, sheet: 'Taul1', row: 3 },
    });
    const bike = all.find((e) => String(e.description).startsWith('Polkupyörä'))!;
    expect(bike).toMatchObject({
      viewedAt: '2024-10-27T07:05:00.000Z', // the clocks went back at 04:00 that night: 9.05 is EET
      footageFrom: '2024-10-26T13:00:00.000Z', // 16.00 EEST
      footageTimeEstimated: false,
      grounds: 'police_request',
      justification: 'Poliisin pyyntö',
      importRef: {
        row: 4,
        outsideRequest: {
          requester: 'Vanhempi konstaapeli Ville Vahti, Hämeen poliisilaitos',
          decision: null,
        },
      },
    });
    expect((await call(t, auditor.token, 'GET', '/api/v1/ledger/verify')).json().ok).toBe(true);

    const again = await uploadLedger(t, responsible.token, { siteId }, file, 'katselut-2024-kopio.xlsx');
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ imported: 0, alreadyImported: 2 });
    expect(await entries()).toHaveLength(before + 2);
  });

  it('follows a mapping: own headings, separate date and time columns, grounds texts, cameras', async () => {
    const file = await workbook(
      ['Päivämäärä', 'Klo', 'Mitä katsottiin', 'Tallenteen aika', 'Kamera', 'Syy', 'Päätti', 'Katsoi'],
      [
        [
          '5.2.2025',
          '9.15',
          'Aulan häiriö',
          '4.2.2025 18.40',
          'lahti-cam-1',
          'Häiriö aulassa',
          'Liisa Laine',
          'Maija Virtanen',
        ],
      ],
      '',
    );
    const mapping = JSON.stringify({
      columns: {
        description: 'Mitä katsottiin',
        footageFrom: 'D',
        grounds: 'Syy',
        decidedBy: 'Päätti',
        viewer: 'Katsoi',
      },
      grounds: { 'Häiriö aulassa': 'danger_or_threat' },
    });
    const res = await uploadLedger(t, responsible.token, { siteId, mapping }, file);
    expect(res.statusCode, res.body).toBe(201);
    expect(
      res.json().columns.map((c: { field: string; column: string }) => `${c.field}:${c.column}`),
    ).toEqual([
      'viewedDate:A',
      'viewedTime:B',
      'cameras:E',
      'description:C',
      'footageFrom:D',
      'grounds:F',
      'decidedBy:G',
      'viewer:H',
    ]);
    const entry = (await entries()).find((e) => e.description === 'Aulan häiriö')!;
    expect(entry).toMatchObject({
      viewedAt: '2025-02-05T07:15:00.000Z',
      footageFrom: '2025-02-04T16:40:00.000Z',
      footageTo: '2025-02-04T16:40:00.000Z',
      grounds: 'danger_or_threat',
      justification: 'Häiriö aulassa',
    });
    expect((entry.cameraIds as string[]).length).toBe(1);
  });

  it('reads a date-time cell at midnight as a time, and a date-only cell as a missing time', async () => {
    const midnight = new Date(Date.UTC(2025, 0, 10, 0, 0)); // 10.1.2025 0.00 on the wall clock
    const rows = [
      [
        midnight,
        'Yöllinen hälytys 9.1.2025 klo 23.40',
        'Rikoksen selvittäminen',
        'Liisa Laine',
        'Heikki Korhonen',
        '',
      ],
    ];
    const ok = await uploadLedger(t, responsible.token, { siteId }, await workbook(notice, rows, 'Keskiyö'));
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await entries()).find((e) => String(e.description).startsWith('Yöllinen'))?.viewedAt).toBe(
      '2025-01-09T22:00:00.000Z',
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Taul1');
    ws.addRow(notice);
    ws.addRow(rows[0]!).getCell(1).numFmt = 'd.m.yyyy';
    const problem = expectProblem(
      await uploadLedger(t, responsible.token, { siteId }, Buffer.from(await wb.xlsx.writeBuffer())),
      400,
    );
    expect(problem.errors[0]).toMatchObject({
      line: 2,
      message: 'R7 item 1: the viewing time of day is missing',
    });
  });

  it('refuses a camera the site does not have, and a site that is not the import’s', async () => {
    const file = await workbook(
      [...notice, 'Kamerat', 'Toimipiste'],
      [
        [...legacyRows[0]!, 'Takapiha', 'Lahti omatoimikirjasto'],
        [...legacyRows[0]!, '', 'Sysmä omatoimikirjasto'],
      ],
    );
    const problem = expectProblem(await uploadLedger(t, responsible.token, { siteId }, file), 400);
    expect(problem.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [3, 'G “Kamerat”', 'R7 item 2: “Takapiha” is not a camera of Lahti omatoimikirjasto'],
      [
        4,
        'H “Toimipiste”',
        'R7 item 2: the row names the site “Sysmä omatoimikirjasto”, not Lahti omatoimikirjasto, the site of this import',
      ],
    ]);
  });

  it('refuses what is not an Excel workbook, a ZIP bomb, and bad form fields: 4xx, never 5xx', async () => {
    const notXlsx = expectProblem(
      await uploadLedger(t, responsible.token, { siteId }, Buffer.from('Katselupäivä;Peruste\n1;2\n')),
      400,
    );
    expect(notXlsx.detail).toMatch(/^not an Excel workbook/);
    const bomb = buildZip([await zeroBombEntry('xl/worksheets/sheet1.xml', 80)]);
    expect(expectProblem(await uploadLedger(t, responsible.token, { siteId }, bomb), 400).detail).toMatch(
      /ZIP bomb|inflate/,
    );
    const file = await workbook(notice, legacyRows);
    expectProblem(await uploadLedger(t, responsible.token, { siteId, mapping: '{"columns":' }, file), 400);
    expectProblem(
      await uploadLedger(
        t,
        responsible.token,
        { siteId, mapping: '{"columns":{"viewedAt":"Ei tällaista"}}' },
        file,
      ),
      400,
    );
    expectProblem(await uploadLedger(t, responsible.token, { siteId, sheet: 'Taul9' }, file), 400);
    expectProblem(await uploadLedger(t, responsible.token, { siteId, colour: 'red' }, file), 400);
    const noHeadings = await workbook(['A', 'B'], [['1', '2']]);
    expect(
      expectProblem(await uploadLedger(t, responsible.token, { siteId }, noHeadings), 400).errors,
    ).toHaveLength(5);
  });

  it('refuses a workbook whose sheets inflate past LEDGER_IMPORT_MAX_SHEET_BYTES with 413, before reading it', async () => {
    const seq = await headSeq();
    const started = Date.now();
    const problem = expectProblem(
      await uploadLedger(t, responsible.token, { siteId }, await bigSheetXlsx(60)),
      413,
    );
    expect(problem.detail).toMatch(
      /^the worksheets and their shared strings take 629\d{5} bytes uncompressed; the limit LEDGER_IMPORT_MAX_SHEET_BYTES is 16777216$/,
    );
    // Reading a 60 MiB sheet whole takes seconds and more than a GB.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await headSeq()).toBe(seq);
  });

  it('refuses a file larger than LEDGER_IMPORT_MAX_BYTES with 413', async () => {
    const res = await uploadLedger(t, responsible.token, { siteId }, Buffer.alloc(9 * 1024 * 1024, 7));
    expect(expectProblem(res, 413).detail).toBe(
      'the file is larger than 8388608 bytes; the limit LEDGER_IMPORT_MAX_BYTES is 8388608',
    );
  });

  it('is for the responsible person of the site only', async () => {
    const file = await workbook(notice, legacyRows);
    const viewer = await t.user(['viewer'], [siteId]);
    expectProblem(await uploadLedger(t, viewer.token, { siteId }, file), 403);
    expectProblem(await uploadLedger(t, auditor.token, { siteId }, file), 403);
    const otherSite = await t.site('Asikkala omatoimikirjasto');
    const other = await t.user(['responsible'], [otherSite]);
    expectProblem(await uploadLedger(t, other.token, { siteId }, file), 403);
    const log = await call(
      t,
      auditor.token,
      'GET',
      `/api/v1/audit-events?actorId=${other.id}&action=ledger_import.create`,
    );
    expect(log.json().items[0]).toMatchObject({ outcome: 'denied', status: 403 });
  });
});
