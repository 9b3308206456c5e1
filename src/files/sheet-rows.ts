import * as yauzl from 'yauzl';
import { readWorkbookParts, WorkbookFormatError, type WorkbookParts } from './workbook-parts.js';
import { parseXmlChunks, type XmlHandlers } from './xml-part.js';
import { checkZipLimits, overLimit, XlsxLimitError, type XlsxLimits } from './zip-limits.js';

/**
 * The rows of a workbook's first worksheet, streamed and held to the limits: a row at a time,
 * refused at the first cell, row or string past a limit, before the rest of the file is read.
 * Values are what exceljs gives: text, numbers, booleans, and dates as Dates whose UTC fields hold
 * the wall-clock time.
 */

export type SheetValue = string | number | boolean | Date;

export interface SheetRow {
  /** The row number Excel shows. */
  number: number;
  /** Indexed by column number (A = 1), as exceljs's `row.values`; empty cells are holes. */
  values: SheetValue[];
}

/** Excel's last column, XFD. */
const maxColumn = 16_384;
/** A row is held whole until it ends: its text together may be this long. */
const maxRowChars = 1024 * 1024;
const excelEpochDays = 25_569;
const date1904Days = 1_462;

/** Column number of a cell reference (`B7` → 2); the next column when the cell names none. */
function columnOf(ref: string | undefined, previous: number): number {
  if (ref === undefined) return previous + 1;
  let column = 0;
  for (let i = 0; i < ref.length && column <= maxColumn; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
  }
  if (column < 1 || column > maxColumn)
    throw new WorkbookFormatError('bad_xlsx', `cell reference ${ref} is not a column from A to XFD`);
  return column;
}

/** A cell's text as its type says (ECMA-376 §18.18.11); null for an error or an empty cell. */
function cellValue(parts: WorkbookParts, type: string, style: number, text: string): SheetValue | null {
  switch (type) {
    case 's':
      return parts.sharedStrings[Number(text)] ?? null;
    case 'str':
    case 'inlineStr':
      return text;
    case 'b':
      return Number(text) !== 0;
    case 'e':
      return null;
    case 'd':
      return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`);
    default: {
      if (text.trim() === '') return null;
      const n = Number(text);
      if (!parts.dateStyles[style]) return n;
      const days = n - excelEpochDays + (parts.date1904 ? date1904Days : 0);
      return new Date(Math.round(days * 86_400_000));
    }
  }
}

/** Gathers rows from the worksheet's XML events, counting against the limits as it goes. */
class RowGatherer implements XmlHandlers {
  private rows: SheetRow[] = [];
  private rowCount = 0;
  private cellCount = 0;
  private row: SheetRow | null = null;
  private rowChars = 0;
  private column = 0;
  private type = 'n';
  private style = 0;
  /** The current cell's text pieces, while inside a cell. */
  private pieces: string[] | null = null;
  private cellChars = 0;
  private inValue = false;
  private phonetic = 0;

  constructor(
    private readonly parts: WorkbookParts,
    private readonly limits: XlsxLimits,
  ) {}

  /** The rows ended since the last call. */
  take(): SheetRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  open(name: string, a: Readonly<Record<string, string | undefined>>): void {
    if (name === 'row') {
      if (++this.rowCount > this.limits.maxRows)
        throw overLimit(this.limits, 'maxRows', `the worksheet has more than ${this.limits.maxRows} rows`);
      this.row = { number: a.r === undefined ? (this.row?.number ?? 0) + 1 : Number(a.r), values: [] };
      this.rowChars = 0;
      this.column = 0;
    } else if (name === 'c' && this.row !== null) {
      if (++this.cellCount > this.limits.maxCells)
        throw overLimit(this.limits, 'maxCells', `the worksheet has more than ${this.limits.maxCells} cells`);
      this.column = columnOf(a.r, this.column);
      this.type = a.t ?? 'n';
      this.style = Number(a.s ?? 0);
      this.pieces = [];
      this.cellChars = 0;
    } else if (name === 'rPh') this.phonetic++;
    else if ((name === 'v' || name === 't') && this.pieces !== null) this.inValue = this.phonetic === 0;
  }

  text(piece: string): void {
    if (!this.inValue || this.pieces === null || this.row === null) return;
    this.cellChars += piece.length;
    this.rowChars += piece.length;
    if (this.cellChars > this.limits.maxCellChars) {
      throw overLimit(
        this.limits,
        'maxCellChars',
        `a cell of row ${this.row.number} holds more than ${this.limits.maxCellChars} characters`,
      );
    }
    if (this.rowChars > maxRowChars) {
      throw new XlsxLimitError(
        `row ${this.row.number} holds more than ${maxRowChars} characters`,
        'of characters in one row',
        maxRowChars,
      );
    }
    this.pieces.push(piece);
  }

  close(name: string): void {
    if (name === 'v' || name === 't') this.inValue = false;
    else if (name === 'rPh') this.phonetic--;
    else if (name === 'c' && this.row !== null && this.pieces !== null) {
      const value = cellValue(this.parts, this.type, this.style, this.pieces.join(''));
      if (value !== null) this.row.values[this.column] = value;
      this.pieces = null;
    } else if (name === 'row' && this.row !== null) this.rows.push(this.row);
  }
}

async function openZip(path: string): Promise<{ zip: yauzl.ZipFile; entries: Map<string, yauzl.Entry> }> {
  const zip = await yauzl.openPromise(path, {
    lazyEntries: true,
    autoClose: false,
    validateEntrySizes: true,
  });
  const entries = new Map<string, yauzl.Entry>();
  try {
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
  } catch (err) {
    zip.close();
    throw err;
  }
  return { zip, entries };
}

/**
 * Checks the ZIP (checkZipLimits), then reads the first worksheet in batches of rows, a batch per
 * inflated chunk. Throws XlsxLimitError past a limit, WorkbookFormatError for a ZIP that is no
 * workbook, ZipLimitError as checkZipLimits does, and sax's Error for XML that is not well formed.
 */
export async function* readSheetRows(path: string, limits: XlsxLimits): AsyncGenerator<SheetRow[]> {
  await checkZipLimits(path, limits);
  const { zip, entries } = await openZip(path);
  try {
    const parts = await readWorkbookParts(zip, entries, limits);
    const gatherer = new RowGatherer(parts, limits);
    for await (const _ of parseXmlChunks(zip, parts.sheet, gatherer)) {
      const rows = gatherer.take();
      if (rows.length > 0) yield rows;
    }
    const rows = gatherer.take();
    if (rows.length > 0) yield rows;
  } finally {
    zip.close();
  }
}
