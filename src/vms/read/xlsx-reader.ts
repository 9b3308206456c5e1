import {
  readSheetRows,
  type SheetValue,
  WorkbookFormatError,
  XlsxLimitError,
  type XlsxLimits,
  ZipLimitError,
} from '../../files/index.js';
import { type ColumnLayout, layoutColumns } from './column-layout.js';
import { type CellValue, RecordMapper } from './record-mapper.js';
import type { VmsReadItem } from './vms-event.js';
import { BATCH_ROWS, type ReadContext, VmsFileError } from './vms-event.js';
import { VMS_FIELDS } from './vms-profile.schema.js';

/**
 * XLSX reader: the first worksheet, streamed by readSheetRows within the limits, after the ZIP
 * has passed checkZipLimits. Needs a file path, because the ZIP central directory sits at the end
 * of the file and must be read before anything is inflated.
 */

const headerText = (v: SheetValue | undefined) => (v === undefined ? '' : String(v).trim());

function isBlank(values: readonly (SheetValue | undefined)[]): boolean {
  for (const v of values) if (v !== undefined && String(v).trim() !== '') return false;
  return true;
}

/** A refusal of the workbook as a whole, as the report's issue. */
function fileError(err: unknown): VmsFileError {
  if (err instanceof VmsFileError) return err;
  if (err instanceof XlsxLimitError) return new VmsFileError('xlsx_limits_exceeded', err.message);
  if (err instanceof ZipLimitError)
    return new VmsFileError(err.code === 'not_a_zip' ? 'bad_xlsx' : 'zip_limits_exceeded', err.message);
  if (err instanceof WorkbookFormatError)
    return new VmsFileError(
      err.code,
      err.code === 'no_worksheet' ? err.message : `the workbook cannot be read: ${err.message}`,
    );
  return new VmsFileError('bad_xlsx', `the workbook cannot be read: ${(err as Error).message}`);
}

export async function* readXlsx(
  path: string,
  ctx: ReadContext,
  limits: XlsxLimits,
): AsyncGenerator<VmsReadItem[]> {
  let layout: ColumnLayout | null = null;
  let mapper: RecordMapper | null = null;
  const width = VMS_FIELDS.length;
  try {
    ctx.stats.format = 'xlsx';
    let out: VmsReadItem[] = [];
    for await (const rows of readSheetRows(path, limits)) {
      for (const row of rows) {
        const cells = row.values;
        if (isBlank(cells)) continue;
        if (layout === null || mapper === null) {
          const found = layoutColumns(Array.from(cells, headerText), ctx.profile, row.number);
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
          values[f] = col >= 0 ? cells[col] : undefined;
        }
        mapper.map(row.number, values, out);
        if (out.length >= BATCH_ROWS) {
          yield out;
          out = [];
        }
      }
    }
    if (out.length > 0) yield out;
  } catch (err) {
    throw fileError(err);
  }
  if (layout === null) throw new VmsFileError('empty_file', 'the worksheet has no header row');
}
