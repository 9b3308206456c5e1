import { DomainError } from '../errors.js';
import { checkZipLimits, type XlsxLimits, ZipLimitError } from '../files/index.js';

/**
 * Guards exceljs against ZIP bombs before it inflates an uploaded workbook, with the same
 * check the camera-system importer uses; its refusal becomes a 400 naming the file.
 */
export async function checkWorkbookZip(path: string, limits: XlsxLimits): Promise<void> {
  try {
    await checkZipLimits(path, limits);
  } catch (err) {
    if (!(err instanceof ZipLimitError)) throw err;
    const message =
      err.code === 'not_a_zip' ? `not an Excel workbook (.xlsx, a ZIP file): ${err.message}` : err.message;
    throw new DomainError('file_unreadable', message, { field: 'file' });
  }
}
