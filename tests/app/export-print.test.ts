import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { entryBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';
import { exportXlsx } from './export-fixture.js';

/** The tools the print check needs; the test fails, never skips, without them. */
function requireTool(command: string, args: string[]) {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
  } catch (err) {
    throw new Error(
      `${command} is needed to check how the workbook prints: apt-get install -y libreoffice-calc-nogui poppler-utils (${String(err)})`,
    );
  }
}

const longDescription =
  'Ilkivalta pihalla: kaksi henkilöä kaatoi polkupyörätelineen ja rikkoi ulko-oven lasin, minkä jälkeen he poistuivat kävellen kohti linja-autoasemaa';

describeEachDialect('ledger workbook on paper', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  let dir: string;
  let pages: string[];
  let sizes: string;

  beforeAll(async () => {
    requireTool('soffice', ['--version']);
    requireTool('pdftotext', ['-v']);
    t = await startTestApp(dialect);
    f = await siteWithStaff(t, new Date(Date.now() - 7 * 86_400_000));
    const now = Date.now();
    for (let i = 0; i < 60; i++) {
      const viewedAt = now - (200 - i) * 60_000;
      const res = await call(
        t,
        f.viewer.token,
        'POST',
        '/api/v1/viewings',
        entryBody(f, {
          viewedAt: new Date(viewedAt).toISOString(),
          footageFrom: new Date(viewedAt - 3 * 3_600_000).toISOString(),
          footageTo: new Date(viewedAt - 2 * 3_600_000).toISOString(),
          description: i === 7 ? longDescription : `Katselu ${i + 1}`,
          delayReason: 'Kirjattu myöhemmin iltapäivällä muistiinpanoista',
        }),
      );
      expect(res.statusCode, res.body).toBe(201);
    }
    const res = await exportXlsx(t, f.responsible.token, 'lang=fi');
    expect(res.statusCode, res.body).toBe(200);
    dir = mkdtempSync(join(tmpdir(), 'cctv-print-'));
    const xlsx = join(dir, 'kirjanpito.xlsx');
    writeFileSync(xlsx, res.rawPayload);
    // A profile of its own, so that a LibreOffice already running elsewhere does not take the job.
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        xlsx,
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    const pdf = join(dir, 'kirjanpito.pdf');
    execFileSync('pdftotext', ['-layout', pdf, join(dir, 'kirjanpito.txt')]);
    pages = readFileSync(join(dir, 'kirjanpito.txt'), 'utf8').split('\f').slice(0, -1);
    sizes = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages.length), pdf], { encoding: 'utf8' });
  }, 180_000);
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it('prints every page landscape on A4', () => {
    const pageSizes = [...sizes.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)];
    expect(pageSizes).toHaveLength(pages.length);
    for (const [, width, height] of pageSizes) {
      expect(Math.round(Number(width))).toBe(842);
      expect(Math.round(Number(height))).toBe(595);
    }
  });

  it('repeats the heading row and the running number on every page of the protocol', () => {
    // a page of the protocol sheet: its footer names the sheet and the page
    const protocol = pages.filter((p) => /Katselupöytäkirja\s+\d+ \/ \d+\s*$/.test(p));
    // 60 rows and 24 columns do not fit one page down or across
    expect(protocol.length).toBeGreaterThanOrEqual(4);
    for (const page of protocol) {
      expect(page).toContain('Kirjanpidon');
      expect(page).toMatch(/\bnro\b/);
    }
    const withFirstItem = protocol.filter((p) => /Katselupäivä ja\s/.test(p));
    expect(withFirstItem.length).toBeGreaterThanOrEqual(2);
    // the footer numbers the pages
    expect(protocol[0]).toMatch(/\b1 \/ \d+/);
  });

  it('wraps long texts instead of cutting them off', () => {
    const text = pages.join('\n').replace(/\s+/g, ' ');
    for (const word of longDescription.split(/[ -]/)) expect(text).toContain(word.replace(/[:,]$/, ''));
    for (const name of ['Katselun', 'peruste', 'Katselusta', 'päättäneen', 'henkilön', 'nimi'])
      expect(text).toContain(name);
  });

  it('prints the other sheets too, each with its heading', () => {
    const text = pages.join('\n');
    expect(text).toContain('Katseluoikeudet');
    expect(text).toContain('Tietoa tiedostosta');
    expect(text).toMatch(/Salassapitositoumuksen\s/);
  });
});
