/**
 * The Excel ledger (R4 R7 R10): the workbook auditors receive and its protocol sheet as CSV.
 * Its headings and wall-clock times are shared with the import of the libraries' old Excel
 * ledgers (src/ledger-import), which reads the same layout back. Other folders import only
 * this file.
 */

export { excelWallClock, fromWallClock, helsinkiIso, type WallClockInstant } from '../helsinki-time.js';
export { writeProtocolCsv } from './csv.js';
export { ExportCancelled } from './drained.js';
export {
  type Lang,
  langValues,
  type ProtocolKey,
  protocolHeadings,
  words,
} from './headings.js';
export {
  type ExportQuery,
  exportFileName,
  exportQuerySchema,
  type LedgerSnapshot,
  prepareLedgerExport,
} from './ledger-snapshot.js';
export { type ImportedOutsideRequest, protocolColumns } from './protocol-sheet.js';
export { csvField, looksLikeFormula, xlsxText } from './safe-cell.js';
export { type SheetCounts, writeLedgerWorkbook } from './workbook.js';
