/** A cell as a reader hands it over: text (CSV), typed cells (XLSX), JSON values. */
export type CellValue = string | number | boolean | Date | readonly unknown[] | null | undefined;

export function isEmptyCell(v: CellValue): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Workbook dates carry wall-clock time in their UTC fields (exceljs), so they read as naive. */
export function naiveDateText(d: Date, part: 'date' | 'time' | 'both'): string {
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return part === 'date' ? date : part === 'time' ? time : `${date} ${time}`;
}

/** Trimmed text of a cell; '' for nothing. */
export function cellText(v: CellValue): string {
  if (typeof v === 'string') return v.trim();
  if (v === undefined || v === null) return '';
  if (v instanceof Date) return naiveDateText(v, 'both');
  if (Array.isArray(v)) return v.map((x) => String(x)).join(', ');
  return String(v);
}
