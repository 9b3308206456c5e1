import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as yauzl from 'yauzl';
import { DomainError } from '../errors.js';
import type { XlsxLimits } from '../vms/index.js';

/**
 * Guards exceljs against ZIP bombs before it inflates an uploaded workbook: the central
 * directory is read first (too many entries, or more declared bytes than the limit, refuses
 * the file), then every entry is inflated into nothing with yauzl's size check, which stops
 * an entry that inflates to more than it declared.
 *
 * The same check as src/vms/zip-limits.ts, which src/vms/index.ts does not export (yet);
 * this file goes once it does.
 */
export async function checkWorkbookZip(path: string, limits: XlsxLimits): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch (err) {
    throw new DomainError(
      'validation_failed',
      `not an Excel workbook (.xlsx, a ZIP file): ${(err as Error).message}`,
      {
        field: 'file',
      },
    );
  }
  const refuse = (message: string) => new DomainError('validation_failed', message, { field: 'file' });
  try {
    if (zip.entryCount > limits.maxXlsxEntries) {
      throw refuse(`the workbook has ${zip.entryCount} ZIP entries; the limit is ${limits.maxXlsxEntries}`);
    }
    const entries: yauzl.Entry[] = [];
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      total += entry.uncompressedSize;
      if (total > limits.maxXlsxUncompressedBytes) {
        throw refuse(
          `the workbook declares more than ${limits.maxXlsxUncompressedBytes} bytes uncompressed (a ZIP bomb?)`,
        );
      }
      entries.push(entry);
    }
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
      try {
        await pipeline(await zip.openReadStreamPromise(entry), sink);
      } catch (err) {
        throw refuse(
          `ZIP entry ${entry.fileName} does not inflate to its declared size: ${(err as Error).message}`,
        );
      }
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw refuse(`not a readable Excel workbook: ${(err as Error).message}`);
  } finally {
    zip.close();
  }
}
