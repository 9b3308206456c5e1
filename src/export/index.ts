/**
 * The Excel ledger (issue 7; R4 R7 R10): the workbook auditors receive, its protocol sheet as
 * CSV, and the import of the Excel ledgers kept before the service. Other folders import only
 * this file.
 */
export { writeProtocolCsv } from './csv.js';
export { ExportCancelled } from './drained.js';
export { type Lang, langValues } from './headings.js';
export { excelWallClock, fromWallClock, helsinkiIso, ledgerTimeZone } from './helsinki-time.js';
export { type ImportField, importFields, type LedgerMapping, ledgerMappingSchema } from './import-columns.js';
export type { ImportIssue } from './import-rows.js';
export {
  importLedgerWorkbook,
  type LedgerImportOptions,
  LedgerImportRefused,
  type LedgerImportReport,
} from './ledger-import.js';
export {
  type ExportQuery,
  type ExportSettings,
  exportFileName,
  exportQuerySchema,
  type LedgerSnapshot,
  prepareLedgerExport,
} from './ledger-snapshot.js';
export { csvField, looksLikeFormula, xlsxText } from './safe-cell.js';
export { type SheetCounts, writeLedgerWorkbook } from './workbook.js';
