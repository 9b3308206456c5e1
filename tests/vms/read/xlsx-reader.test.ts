import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtInProfiles,
  DEFAULT_XLSX_LIMITS,
  vmsProfileSchema,
  type XlsxLimits,
} from '../../../src/vms/index.js';
import { longInlineStringXlsx, longSharedStringXlsx, numberedRowsXlsx } from '../../helpers/hostile-xlsx.js';
import { fixture, readAll } from './read-all.js';
import { buildZip, deflatedEntry, zeroBombEntry } from './zip-builder.js';

const milestone = builtInProfiles['milestone-xprotect'];
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vms-xlsx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('readVmsFile on XLSX workbooks', () => {
  it('reads the first worksheet: date cells, text times, rich text, serial numbers, a bad time', async () => {
    const r = await readAll({ path: fixture('milestone.xlsx') }, { profile: milestone });
    expect(r.stats.format).toBe('xlsx');
    expect(r.rowsRead).toBe(4); // the blank row 4 and the second sheet are not records
    expect(r.events.map((e) => [e.line, e.occurredAt, e.cameraName, e.action])).toEqual([
      [2, '2025-03-14T16:42:07.000Z', 'Omatoimi-Itä Sisäänkäynti', 'playback'],
      [3, '2025-03-14T16:55:31.000Z', 'Omatoimi-Itä Sisäänkäynti', 'export'],
      [6, '2025-03-14T17:12:00.000Z', 'Omatoimi-Itä Takaovi', 'playback'],
    ]);
    expect(r.errors).toEqual([expect.objectContaining({ line: 5, column: 'Local time', code: 'bad_time' })]);
  });

  it('reads a workbook with a profile whose format says csv, by its bytes', async () => {
    expect(milestone.format).toBe('csv');
    const asXlsx = vmsProfileSchema.parse({ ...milestone, id: 'milestone-xlsx', format: 'xlsx' });
    const a = await readAll({ path: fixture('milestone.xlsx') }, { profile: milestone });
    const b = await readAll({ path: fixture('milestone.xlsx') }, { profile: asXlsx });
    expect(b.events).toEqual(a.events);
  });

  it('refuses an XLSX profile on a stream: the ZIP directory must be checked first', async () => {
    const asXlsx = vmsProfileSchema.parse({ ...milestone, id: 'milestone-xlsx', format: 'xlsx' });
    const { createReadStream } = await import('node:fs');
    const r = await readAll(createReadStream(fixture('milestone-utf16le.txt')), { profile: asXlsx });
    expect(r.errors).toEqual([expect.objectContaining({ code: 'unsupported_input' })]);
  });

  it('refuses a ZIP bomb (1.5 GiB of zeros in 1.5 MB) by its declared size, before inflating', async () => {
    const bomb = buildZip([
      deflatedEntry('[Content_Types].xml', Buffer.from('<Types/>')),
      await zeroBombEntry('xl/worksheets/sheet1.xml', 1536),
    ]);
    expect(bomb.length).toBeLessThan(3 * 1024 * 1024);
    const path = await write('bomb.xlsx', bomb);
    const started = process.hrtime.bigint();
    const r = await readAll({ path }, { profile: milestone });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(r.errors).toEqual([expect.objectContaining({ line: 1, code: 'zip_limits_exceeded' })]);
    expect(r.events).toEqual([]);
    // Inflating 1.5 GiB takes seconds; refusing from the directory takes milliseconds.
    expect(ms).toBeLessThan(1500);
  });

  it('refuses a workbook with more entries than the limit', async () => {
    const entries = Array.from({ length: DEFAULT_XLSX_LIMITS.maxXlsxEntries + 1 }, (_, i) =>
      deflatedEntry(`xl/media/image${i}.png`, Buffer.from('x')),
    );
    const path = await write('many.xlsx', buildZip(entries));
    const r = await readAll({ path }, { profile: milestone });
    expect(r.errors).toEqual([expect.objectContaining({ code: 'zip_limits_exceeded' })]);
    expect(r.errors[0]?.message).toContain(`${DEFAULT_XLSX_LIMITS.maxXlsxEntries + 1}`);
  });

  it('refuses an entry that inflates to more than its header declares', async () => {
    const liar = { ...(await zeroBombEntry('xl/worksheets/sheet1.xml', 8)), uncompressedSize: 100 };
    const path = await write('liar.xlsx', buildZip([liar]));
    const r = await readAll({ path }, { profile: milestone });
    expect(r.errors).toEqual([expect.objectContaining({ code: 'zip_limits_exceeded' })]);
    expect(r.errors[0]?.message).toContain('declared size');
  });

  it('applies limits given by the caller to an ordinary workbook', async () => {
    const r = await readAll(
      { path: fixture('milestone.xlsx') },
      { profile: milestone, limits: { maxXlsxUncompressedBytes: 1000 } },
    );
    expect(r.errors.map((e) => e.code)).toEqual(['zip_limits_exceeded']);
    const few = await readAll(
      { path: fixture('milestone.xlsx') },
      { profile: milestone, limits: { maxXlsxEntries: 3 } },
    );
    expect(few.errors.map((e) => e.code)).toEqual(['zip_limits_exceeded']);
  });

  it('reports a damaged ZIP as bad_xlsx', async () => {
    const path = await write(
      'damaged.xlsx',
      Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]),
    );
    const r = await readAll({ path }, { profile: milestone });
    expect(r.errors.map((e) => e.code)).toEqual(['bad_xlsx']);
  });

  it('reports a ZIP that is not a workbook (no worksheet) as no_worksheet', async () => {
    const path = await write('plain.zip', buildZip([deflatedEntry('readme.txt', Buffer.from('hello'))]));
    const r = await readAll({ path }, { profile: milestone });
    expect(r.errors.map((e) => e.code)).toEqual(['no_worksheet']);
  });
});

describe('readVmsFile on hostile XLSX workbooks', () => {
  const generic = builtInProfiles.generic;
  const roomy = {
    maxXlsxUncompressedBytes: 2 * 1024 * 1024 * 1024,
    maxSharedStringsBytes: 1024 * 1024 * 1024,
  };

  /** Reads `bytes` and how much the process's peak RSS grew meanwhile, in MiB. */
  async function readMeasured(name: string, bytes: Buffer, limits: Partial<XlsxLimits>) {
    const path = await write(name, bytes);
    const peakBefore = process.resourceUsage().maxRSS;
    const r = await readAll({ path }, { profile: generic, limits });
    return { r, peakGrowthMiB: (process.resourceUsage().maxRSS - peakBefore) / 1024 };
  }

  it('stops at the first shared string longer than a cell may be, naming the limit', async () => {
    const { r, peakGrowthMiB } = await readMeasured(
      'long-shared.xlsx',
      await longSharedStringXlsx(300),
      roomy,
    );
    expect(r.errors).toEqual([expect.objectContaining({ line: 1, code: 'xlsx_limits_exceeded' })]);
    expect(r.errors[0]?.message).toMatch(
      /longer than 32767 characters; the limit XLSX_MAX_CELL_CHARS is 32767$/,
    );
    expect(r.events).toEqual([]);
    // Holding the 300 MiB string would take 300 MiB or more. Garbage alone may reach about
    // 60 MiB: V8 collects its young generation (up to 64 MiB on a large machine) only when full.
    expect(peakGrowthMiB).toBeLessThan(100);
  });

  it('stops at the first inline string longer than a cell may be', async () => {
    const { r, peakGrowthMiB } = await readMeasured(
      'long-inline.xlsx',
      await longInlineStringXlsx(300),
      roomy,
    );
    expect(r.errors).toEqual([expect.objectContaining({ code: 'xlsx_limits_exceeded' })]);
    expect(r.errors[0]?.message).toMatch(
      /a cell of row 2 holds more than 32767 characters.*XLSX_MAX_CELL_CHARS is 32767/,
    );
    expect(peakGrowthMiB).toBeLessThan(100);
  });

  it('refuses a shared-string table over its limit from the ZIP directory, before inflating', async () => {
    const path = await write('big-shared.xlsx', await longSharedStringXlsx(100));
    const started = process.hrtime.bigint();
    const r = await readAll(
      { path },
      { profile: generic, limits: { maxXlsxUncompressedBytes: roomy.maxXlsxUncompressedBytes } },
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(r.errors).toEqual([expect.objectContaining({ code: 'xlsx_limits_exceeded' })]);
    expect(r.errors[0]?.message).toMatch(
      /shared strings of the workbook take 104857\d\d\d bytes uncompressed; the limit XLSX_MAX_SHARED_STRINGS_BYTES is 67108864$/,
    );
    expect(ms).toBeLessThan(1000);
  });

  it('stops past the rows and the cells a worksheet may have, naming each limit', async () => {
    const sheet = numberedRowsXlsx(2000);
    const rows = await readMeasured('rows.xlsx', sheet, { maxRows: 1000 });
    expect(rows.r.errors.at(-1)).toMatchObject({ code: 'xlsx_limits_exceeded' });
    expect(rows.r.errors.at(-1)?.message).toBe(
      'the worksheet has more than 1000 rows; the limit XLSX_MAX_ROWS is 1000',
    );
    expect(rows.r.rowsRead).toBeLessThan(1000);
    const cells = await readMeasured('cells.xlsx', sheet, { maxCells: 500 });
    expect(cells.r.errors.at(-1)?.message).toBe(
      'the worksheet has more than 500 cells; the limit XLSX_MAX_CELLS is 500',
    );
  });
});
