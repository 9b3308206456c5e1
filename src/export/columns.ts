/**
 * How a sheet's column is written. Row builders hand over plain values (text, numbers, ISO UTC
 * times as text) and the writers turn them into XLSX cells or CSV fields by the column's kind.
 */
export type CellKind = 'text' | 'longText' | 'date' | 'number';

/**
 * A cell's value before writing: `date` columns hold ISO-8601 UTC text; `{ at }` is a time in
 * a column of another kind (the "about" sheet's value column).
 */
export type CellValue = string | number | null | { at: string };

export interface SheetColumn {
  heading: string;
  kind: CellKind;
  /** Width in characters. */
  width: number;
}

export interface ColumnSpec<K extends string> {
  key: K;
  kind: CellKind;
  width: number;
}

/** Columns with their headings in one language. */
export function withHeadings<K extends string>(
  specs: readonly ColumnSpec<K>[],
  headings: Record<K, string>,
): SheetColumn[] {
  return specs.map((c) => ({ heading: headings[c.key], kind: c.kind, width: c.width }));
}

/** One row's values in the order of `specs`. */
export function rowOf<K extends string>(
  specs: readonly ColumnSpec<K>[],
  values: Partial<Record<K, CellValue>>,
): CellValue[] {
  return specs.map((c) => values[c.key] ?? null);
}
