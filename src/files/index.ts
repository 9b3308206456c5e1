/** Limits shared by every upload: what a workbook may hold before anything inflates it. */
export { checkZipLimits, DEFAULT_XLSX_LIMITS, type XlsxLimits, ZipLimitError } from './zip-limits.js';
