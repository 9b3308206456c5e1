import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as yauzl from 'yauzl';

/**
 * Guards the workbook readers against ZIP bombs, for every upload that is a workbook (camera-system
 * exports, read by readSheetRows, and the libraries' Excel ledgers, read by exceljs). exceljs
 * inflates whatever the local headers say, so before anything touches the file we read the central
 * directory with yauzl: too many entries, more declared uncompressed bytes than the limit, or a
 * shared-string table or worksheets larger than theirs refuses the file without inflating anything.
 * Then each entry is inflated once into nothing, because yauzl stops an entry that inflates to more
 * than it declared: a directory that lies about sizes is caught here, not in a reader.
 */

/** Why a workbook was refused before it was opened; each reader words it for its own report. */
export class ZipLimitError extends Error {
  constructor(
    readonly code: 'not_a_zip' | 'zip_limits_exceeded',
    message: string,
  ) {
    super(message);
    this.name = 'ZipLimitError';
  }
}

export interface XlsxLimits {
  /** Total declared uncompressed size of all entries. */
  maxXlsxUncompressedBytes: number;
  maxXlsxEntries: number;
  /** The shared-string table (xl/sharedStrings.xml), uncompressed: it is held in memory while a sheet is read. */
  maxSharedStringsBytes: number;
  /** All worksheets' XML and the shared strings together, uncompressed. */
  maxSheetBytes: number;
  /** Characters of one cell's text (a shared string, an inline string, a value or a formula). */
  maxCellChars: number;
  /** Cells of a worksheet, empty ones written in the file included. */
  maxCells: number;
  /** Rows of a worksheet, empty ones written in the file included. */
  maxRows: number;
}

/** The setting that sets each limit, so that a refusal can name it. */
export const xlsxLimitSettings: Readonly<Record<keyof XlsxLimits, string>> = Object.freeze({
  maxXlsxUncompressedBytes: 'XLSX_MAX_UNCOMPRESSED_BYTES',
  maxXlsxEntries: 'XLSX_MAX_ENTRIES',
  maxSharedStringsBytes: 'XLSX_MAX_SHARED_STRINGS_BYTES',
  maxSheetBytes: 'LEDGER_IMPORT_MAX_SHEET_BYTES',
  maxCellChars: 'XLSX_MAX_CELL_CHARS',
  maxCells: 'XLSX_MAX_CELLS',
  maxRows: 'XLSX_MAX_ROWS',
});

export const DEFAULT_XLSX_LIMITS: Readonly<XlsxLimits> = Object.freeze({
  maxXlsxUncompressedBytes: 1024 * 1024 * 1024,
  maxXlsxEntries: 1_000,
  maxSharedStringsBytes: 64 * 1024 * 1024,
  maxSheetBytes: 1024 * 1024 * 1024,
  maxCellChars: 32_767,
  maxCells: 10_000_000,
  maxRows: 1_048_576,
});

/**
 * A workbook holds more than one of the limits allows. The message names the limit (its setting,
 * where it has one) and its value, so whoever is refused knows what to change: the file, or the
 * setting.
 */
export class XlsxLimitError extends Error {
  constructor(
    what: string,
    readonly limit: string,
    readonly value: number,
  ) {
    super(`${what}; the limit ${limit} is ${value}`);
    this.name = 'XlsxLimitError';
  }
}

/** `what` is past the limit `key` of `limits`. */
export const overLimit = (limits: XlsxLimits, key: keyof XlsxLimits, what: string) =>
  new XlsxLimitError(what, xlsxLimitSettings[key], limits[key]);

const isWorksheet = (name: string) => name.startsWith('xl/worksheets/') && name.endsWith('.xml');
export const SHARED_STRINGS_PART = 'xl/sharedStrings.xml';

function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
}

/** Refuses, from the directory's declared sizes, the parts that a reader would hold or parse too much of. */
function checkPartSizes(entries: readonly yauzl.Entry[], limits: XlsxLimits): void {
  let sheets = 0;
  for (const entry of entries) {
    if (entry.fileName === SHARED_STRINGS_PART && entry.uncompressedSize > limits.maxSharedStringsBytes) {
      throw overLimit(
        limits,
        'maxSharedStringsBytes',
        `the shared strings of the workbook take ${entry.uncompressedSize} bytes uncompressed`,
      );
    }
    if (isWorksheet(entry.fileName) || entry.fileName === SHARED_STRINGS_PART)
      sheets += entry.uncompressedSize;
  }
  if (sheets > limits.maxSheetBytes) {
    throw overLimit(
      limits,
      'maxSheetBytes',
      `the worksheets and their shared strings take ${sheets} bytes uncompressed`,
    );
  }
}

export async function checkZipLimits(path: string, limits: XlsxLimits): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch (err) {
    throw new ZipLimitError('not_a_zip', `not a readable XLSX (ZIP) file: ${(err as Error).message}`);
  }
  try {
    if (zip.entryCount > limits.maxXlsxEntries) {
      throw new ZipLimitError(
        'zip_limits_exceeded',
        `the workbook has ${zip.entryCount} ZIP entries; the limit is ${limits.maxXlsxEntries}`,
      );
    }
    const entries: yauzl.Entry[] = [];
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      total += entry.uncompressedSize;
      if (total > limits.maxXlsxUncompressedBytes) {
        throw new ZipLimitError(
          'zip_limits_exceeded',
          `the workbook declares more than ${limits.maxXlsxUncompressedBytes} bytes uncompressed ` +
            `(a ZIP bomb?); the limit is ${limits.maxXlsxUncompressedBytes}`,
        );
      }
      entries.push(entry);
    }
    checkPartSizes(entries, limits);
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      try {
        await pipeline(await zip.openReadStreamPromise(entry), discard());
      } catch (err) {
        throw new ZipLimitError(
          'zip_limits_exceeded',
          `ZIP entry ${entry.fileName} does not inflate to its declared size: ${(err as Error).message}`,
        );
      }
    }
  } catch (err) {
    if (err instanceof ZipLimitError || err instanceof XlsxLimitError) throw err;
    throw new ZipLimitError('not_a_zip', `not a readable XLSX (ZIP) file: ${(err as Error).message}`);
  } finally {
    zip.close();
  }
}
