import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { excelWallClock } from '../helsinki-time.js';
import { aboutRows } from './about-sheet.js';
import { accessLogColumns, accessLogRowPages } from './access-log-sheet.js';
import { type CellValue, type SheetColumn, withHeadings } from './columns.js';
import { drained } from './drained.js';
import { findingColumns, findingRowPages } from './findings-sheet.js';
import { dateTimeFormats, type Lang, protocolHeadings, sheetNames } from './headings.js';
import type { LedgerSnapshot } from './ledger-snapshot.js';
import {
  copyColumns,
  copyRowPages,
  requestColumns,
  requestRowPages,
  tombstoneColumns,
  tombstoneRowPages,
} from './other-sheets.js';
import { printSetup, rowHeight } from './print-setup.js';
import { protocolColumns, protocolRowPages, protocolStrikeColumn } from './protocol-sheet.js';
import { accessLogHeadings, rightHeadings } from './rights-and-log-headings.js';
import { rightColumns, rightRowPages } from './rights-sheet.js';
import { xlsxText } from './safe-cell.js';
import { copyHeadings, findingHeadings, requestHeadings, tombstoneHeadings } from './sheet-headings.js';

export type SheetId = 'protocol' | 'rights' | 'requests' | 'copies' | 'findings' | 'tombstones';
/** Rows written to each sheet; `accessLog` only when the sheet was asked for. */
export type SheetCounts = Record<SheetId, number> & { accessLog?: number };

type Cell = ExcelJS.CellValue | ExcelJS.CellRichTextValue | undefined;

const headerStyle: Partial<ExcelJS.Style> = {
  font: { bold: true },
  alignment: { wrapText: true, vertical: 'top' },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
};

function columnStyle(kind: SheetColumn['kind'], lang: Lang): Partial<ExcelJS.Style> {
  if (kind === 'date')
    return { numFmt: dateTimeFormats[lang], alignment: { vertical: 'top', horizontal: 'left' } };
  if (kind === 'number') return { alignment: { vertical: 'top', horizontal: 'left' } };
  // Texts wrap in their column, so that a printed page shows all of a name or a reason.
  return { alignment: { wrapText: true, vertical: 'top' } };
}

/** A value as an exceljs cell: dates as Helsinki wall-clock Dates, texts never as formulas. */
function cellOf(value: CellValue, kind: SheetColumn['kind']): Cell {
  if (value === null) return undefined;
  if (typeof value === 'object') return excelWallClock(value.at);
  if (kind === 'date') return excelWallClock(String(value));
  if (typeof value === 'number') return value;
  return xlsxText(value);
}

/**
 * The bytes of a sheet the zip has not taken in yet. exceljs writes committed rows into the
 * archiver's input without backpressure, and the deflate only advances a chunk per turn of the
 * event loop, so unless the writer waits the whole sheet piles up in memory before a byte of
 * it is compressed. Internals: exceljs's `WorksheetWriter#stream` and its `StreamBuf#pipes`, whose
 * first is archiver's input, a readable-stream 2 `PassThrough` that has no `writableLength`, hence
 * `_writableState.length`. 0 if they change, and then only the memory bound is lost; so
 * tests/unit/library-internals.test.ts fails when they do.
 */
export function pendingBytes(ws: ExcelJS.Worksheet): number {
  const dest = (ws as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as
    | { writableLength?: number; _writableState?: { length?: number } }
    | undefined;
  return dest?.writableLength ?? dest?._writableState?.length ?? 0;
}

const maxPendingBytes = 1 << 20;

/** Lets the zip catch up with a page of rows, and a slow reader pause the export. */
async function keepUp(ws: ExcelJS.Worksheet, out: Writable) {
  await new Promise<void>((resolve) => setImmediate(resolve));
  await drained(out);
  while (pendingBytes(ws) > maxPendingBytes || out.writableNeedDrain) {
    await drained(out);
    // The deflate runs on libuv's threads: sleep rather than spin while it works.
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * One sheet: a bold, frozen, filtered header row, then the rows, each committed as written. A
 * row with a value in `strikeColumn` (a void entry) is struck through.
 */
async function writeSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  out: Writable,
  name: string,
  lang: Lang,
  columns: readonly SheetColumn[],
  pages: AsyncIterable<CellValue[][]>,
  onRows?: (n: number) => void,
  strikeColumn = -1,
): Promise<number> {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }],
    ...printSetup(columns),
  });
  ws.columns = columns.map((c) => ({ width: c.width, style: columnStyle(c.kind, lang) }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = ws.addRow(columns.map((c) => c.heading));
  // Bold letters are wider: a heading gets a character less of its column.
  header.height = rowHeight(
    columns.map((c) => c.heading),
    columns.map((c) => ({ ...c, width: c.width - 1 })),
  );
  header.eachCell((cell) => {
    cell.style = headerStyle;
  });
  header.commit();
  const kinds = columns.map((c) => c.kind);
  // One style object per column, shared by its cells: exceljs remembers a style object it has
  // seen, so a shared one is resolved once instead of once per cell.
  const styles = columns.map((c) => columnStyle(c.kind, lang));
  const struckStyles = styles.map((style) => ({ ...style, font: { strike: true } }));
  const dateStyle = columnStyle('date', lang);
  let count = 0;
  for await (const page of pages) {
    for (const values of page) {
      const row = ws.addRow(values.map((v, i) => cellOf(v, kinds[i] ?? 'text')));
      row.height = rowHeight(values, columns);
      const rowStyles = (values[strikeColumn] ?? null) !== null ? struckStyles : styles;
      row.eachCell((cell, col) => {
        const v = values[col - 1];
        // A time in a column of another kind (the "about" sheet) gets the date format itself.
        cell.style = (
          v !== null && typeof v === 'object' ? dateStyle : rowStyles[col - 1]
        ) as Partial<ExcelJS.Style>;
      });
      row.commit();
    }
    count += page.length;
    onRows?.(page.length);
    await keepUp(ws, out);
  }
  ws.commit();
  return count;
}

/**
 * The ledger workbook auditors receive (R4 R7 in docs/rules.md),
 * written with exceljs's streaming WorkbookWriter straight into `out`: each row is committed
 * as it is written, so memory holds a page of rows whatever the size of the ledger.
 * `onRows` is told how many rows each page added (a progress bar).
 */
export async function writeLedgerWorkbook(
  s: LedgerSnapshot,
  out: Writable,
  onRows?: (n: number) => void,
): Promise<SheetCounts> {
  // Loaded when a workbook is written: exceljs is a third of the start-up time of every command.
  const { default: excel } = await import('exceljs');
  const wb = new excel.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'cctv-ledger';
  wb.created = s.exportedAt;
  const lang = s.lang;
  const names = sheetNames[lang];
  const sheet = (
    name: string,
    columns: SheetColumn[],
    pages: AsyncIterable<CellValue[][]>,
    strikeColumn?: number,
  ) => writeSheet(wb, out, name, lang, columns, pages, onRows, strikeColumn);
  const counts: SheetCounts = {
    protocol: await sheet(
      names.protocol,
      withHeadings(protocolColumns, protocolHeadings[lang]),
      protocolRowPages(s),
      protocolStrikeColumn,
    ),
    rights: await sheet(names.rights, withHeadings(rightColumns, rightHeadings[lang]), rightRowPages(s)),
    requests: await sheet(
      names.requests,
      withHeadings(requestColumns, requestHeadings[lang]),
      requestRowPages(s),
    ),
    copies: await sheet(names.copies, withHeadings(copyColumns, copyHeadings[lang]), copyRowPages(s)),
    findings: await sheet(
      names.findings,
      withHeadings(findingColumns, findingHeadings[lang]),
      findingRowPages(s),
    ),
    tombstones: await sheet(
      names.tombstones,
      withHeadings(tombstoneColumns, tombstoneHeadings[lang]),
      tombstoneRowPages(s),
    ),
  };
  if (s.withAccessLog)
    counts.accessLog = await sheet(
      names.accessLog,
      withHeadings(accessLogColumns, accessLogHeadings[lang]),
      accessLogRowPages(s),
    );
  const about = aboutRows(s, counts);
  await sheet(
    names.about,
    about.columns,
    (async function* () {
      yield about.rows;
    })(),
  );
  await wb.commit();
  return counts;
}
