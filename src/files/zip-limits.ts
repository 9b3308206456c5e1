import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as yauzl from 'yauzl';

/**
 * Guards exceljs against ZIP bombs, for every upload that is a workbook (camera-system exports
 * and the libraries' Excel ledgers alike). exceljs inflates whatever the local headers say, so before it
 * touches the file we read the central directory with yauzl: too many entries, or more declared
 * uncompressed bytes than the limit, refuses the file without inflating anything. Then each entry
 * is inflated once into nothing, because yauzl stops an entry that inflates to more than it
 * declared: a directory that lies about sizes is caught here, not in exceljs.
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
}

export const DEFAULT_XLSX_LIMITS: Readonly<XlsxLimits> = Object.freeze({
  maxXlsxUncompressedBytes: 1024 * 1024 * 1024,
  maxXlsxEntries: 1_000,
});

function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
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
    if (err instanceof ZipLimitError) throw err;
    throw new ZipLimitError('not_a_zip', `not a readable XLSX (ZIP) file: ${(err as Error).message}`);
  } finally {
    zip.close();
  }
}
