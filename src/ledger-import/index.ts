/**
 * Importing the Excel viewing ledgers the libraries kept before the service (R4 R7): the
 * workbook's columns mapped to protocol fields, each row checked by the same rules as a new
 * entry, all rows stored or none. Other folders import only this file.
 */
export {
  type ImportField,
  type LedgerMapping,
  ledgerMappingSchema,
} from './import-columns.js';
export type { ImportIssue } from './import-rows.js';
export {
  importLedgerWorkbook,
  type LedgerImportOptions,
  LedgerImportRefused,
  type LedgerImportReport,
  ledgerImportReportSchema,
} from './ledger-import.js';
