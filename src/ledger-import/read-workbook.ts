import { DomainError } from '../errors.js';
import { type PlainCell, plainCell } from './import-values.js';

export interface SheetRow {
  /** The row number Excel shows. */
  number: number;
  /** Cells from column A, flattened. */
  cells: PlainCell[];
}

export interface SheetRows {
  sheet: string;
  rows: SheetRow[];
}

/**
 * Ledgers kept by hand are small, so the workbook is read whole (exceljs's in-memory reader,
 * which finds its parts through the ZIP's central directory). Its streaming reader is not
 * used: it reads the ZIP front to back and loses, or trips over, the sheet names when
 * workbook.xml comes after the worksheets — the order exceljs's own streaming writer, and so
 * this service's export, produces. The upload is first held to this many bytes uncompressed.
 */
export const ledgerImportMaxUncompressedBytes = 64 * 1024 * 1024;

const isBlank = (cells: readonly PlainCell[]) =>
  cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

/** The non-blank rows of one worksheet (by name, else the first tab), after the ZIP has been checked. */
export async function readSheet(
  path: string,
  sheetName: string | undefined,
  maxRows: number,
): Promise<SheetRows> {
  // Loaded when a workbook is read: exceljs is a third of the start-up time of every command.
  const { default: excel } = await import('exceljs');
  const wb = new excel.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (err) {
    throw new DomainError('file_unreadable', `the workbook cannot be read: ${(err as Error).message}`, {
      field: 'file',
    });
  }
  const sheets = wb.worksheets; // in tab order
  const ws = sheetName === undefined ? sheets[0] : sheets.find((s) => s.name === sheetName);
  if (!ws) {
    if (sheetName === undefined)
      throw new DomainError('file_unreadable', 'the workbook has no worksheet', { field: 'file' });
    throw new DomainError(
      'validation_failed',
      `no worksheet “${sheetName}”; the workbook has: ${sheets.map((s) => s.name).join(', ')}`,
      {
        field: 'sheet',
      },
    );
  }
  if (ws.actualRowCount > maxRows) {
    throw new DomainError(
      'validation_failed',
      `the worksheet has more than ${maxRows} rows; split the file`,
      { field: 'file' },
    );
  }
  const rows: SheetRow[] = [];
  ws.eachRow((row, number) => {
    const cells: PlainCell[] = [];
    for (let i = 1; i <= row.cellCount; i++) {
      const cell = row.getCell(i);
      cells.push(plainCell(cell.value, cell.numFmt));
    }
    if (!isBlank(cells)) rows.push({ number, cells });
  });
  return { sheet: ws.name, rows };
}
