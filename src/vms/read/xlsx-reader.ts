import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { checkZipLimits, type XlsxLimits, ZipLimitError } from '../../files/index.js';
import { type ColumnLayout, layoutColumns } from './column-layout.js';
import { type CellValue, RecordMapper } from './record-mapper.js';
import type { VmsReadItem } from './vms-event.js';
import { BATCH_ROWS, type ReadContext, VmsFileError } from './vms-event.js';
import { VMS_FIELDS } from './vms-profile.schema.js';

/**
 * XLSX reader: the first worksheet, streamed by exceljs's WorkbookReader, after the ZIP has
 * passed checkZipLimits. Needs a file path, because the ZIP central directory sits at the end of
 * the file and must be read before anything is inflated.
 */

type ExcelValue = ExcelJS.CellValue;

/** exceljs cell value → plain value; workbook dates stay Dates (wall-clock time in UTC fields). */
function plainValue(v: ExcelValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((part) => part.text).join('');
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : plainValue(v.text as ExcelValue);
  if ('result' in v) return plainValue(v.result as ExcelValue);
  return null; // error cells (#N/A…) and formulas without a cached result
}

function headerText(v: ExcelValue): string {
  const plain = plainValue(v);
  if (plain === null || plain === undefined) return '';
  return String(plain).trim();
}

function isBlank(values: readonly ExcelValue[]): boolean {
  for (const v of values) {
    const plain = plainValue(v);
    if (plain !== null && plain !== undefined && String(plain).trim() !== '') return false;
  }
  return true;
}

export async function* readXlsx(
  path: string,
  ctx: ReadContext,
  limits: XlsxLimits,
): AsyncGenerator<VmsReadItem[]> {
  try {
    await checkZipLimits(path, limits);
  } catch (err) {
    if (!(err instanceof ZipLimitError)) throw err;
    throw new VmsFileError(err.code === 'not_a_zip' ? 'bad_xlsx' : 'zip_limits_exceeded', err.message);
  }
  ctx.stats.format = 'xlsx';
  const file = createReadStream(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let layout: ColumnLayout | null = null;
  let mapper: RecordMapper | null = null;
  let sawSheet = false;
  const width = VMS_FIELDS.length;
  try {
    for await (const sheet of workbook) {
      sawSheet = true;
      let out: VmsReadItem[] = [];
      for await (const row of sheet) {
        const cells = row.values as ExcelValue[];
        if (isBlank(cells)) continue;
        if (layout === null || mapper === null) {
          const header = Array.from(cells, (v) => headerText(v));
          const found = layoutColumns(header, ctx.profile, row.number);
          if (found.errors.length > 0) {
            yield found.errors.map((issue) => ({ kind: 'error', issue }));
            return;
          }
          for (const issue of found.warnings) out.push({ kind: 'warning', issue });
          layout = found.layout;
          mapper = new RecordMapper({
            profile: ctx.profile,
            resolver: ctx.resolver,
            labels: found.layout.labels,
            numbersAreExcelSerials: true,
          });
          continue;
        }
        ctx.stats.rowsRead++;
        const values: CellValue[] = new Array(width);
        for (let f = 0; f < width; f++) {
          const col = layout.indexes[f] as number;
          values[f] = col >= 0 ? plainValue(cells[col]) : undefined;
        }
        mapper.map(row.number, values, out);
        if (out.length >= BATCH_ROWS) {
          yield out;
          out = [];
        }
      }
      if (out.length > 0) yield out;
      break; // the first worksheet is the export
    }
  } catch (err) {
    if (err instanceof VmsFileError) throw err;
    throw new VmsFileError('bad_xlsx', `the workbook cannot be read: ${(err as Error).message}`);
  } finally {
    file.destroy();
  }
  if (!sawSheet) throw new VmsFileError('no_worksheet', 'the workbook has no worksheet');
  if (layout === null) throw new VmsFileError('empty_file', 'the worksheet has no header row');
}
