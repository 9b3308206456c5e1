import { DomainError } from '../errors.js';
import { checkZipLimits, XlsxLimitError, type XlsxLimits, ZipLimitError } from '../files/index.js';

/**
 * Guards exceljs against ZIP bombs before it inflates an uploaded workbook, with the same
 * check the camera-system importer uses; its refusal becomes a 400 naming the file, or a 413
 * naming the limit when the sheets hold more than a ledger read whole may.
 */
export async function checkWorkbookZip(path: string, limits: XlsxLimits): Promise<void> {
  try {
    await checkZipLimits(path, limits);
  } catch (err) {
    if (err instanceof XlsxLimitError)
      throw new DomainError('payload_too_large', err.message, {
        field: 'file',
        params: { limit: err.limit, value: err.value },
      });
    if (!(err instanceof ZipLimitError)) throw err;
    const message =
      err.code === 'not_a_zip' ? `not an Excel workbook (.xlsx, a ZIP file): ${err.message}` : err.message;
    throw new DomainError('file_unreadable', message, { field: 'file' });
  }
}
