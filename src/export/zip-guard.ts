import { DomainError } from '../errors.js';
import { checkZipLimits, VmsFileError, type XlsxLimits } from '../vms/index.js';

/**
 * Guards exceljs against ZIP bombs before it inflates an uploaded workbook, with the same
 * check the camera-system importer uses; its refusal becomes a 400 naming the file.
 */
export async function checkWorkbookZip(path: string, limits: XlsxLimits): Promise<void> {
  try {
    await checkZipLimits(path, limits);
  } catch (err) {
    if (!(err instanceof VmsFileError)) throw err;
    const message =
      err.code === 'bad_xlsx' ? `not an Excel workbook (.xlsx, a ZIP file): ${err.message}` : err.message;
    throw new DomainError('validation_failed', message, { field: 'file' });
  }
}
