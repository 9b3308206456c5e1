/** Limits shared by every upload: what a workbook may hold before anything inflates it, and its rows read within them. */
export { readSheetRows, type SheetRow, type SheetValue } from './sheet-rows.js';
export { WorkbookFormatError } from './workbook-parts.js';
export {
  checkZipLimits,
  DEFAULT_XLSX_LIMITS,
  XlsxLimitError,
  type XlsxLimits,
  xlsxLimitSettings,
  ZipLimitError,
} from './zip-limits.js';
