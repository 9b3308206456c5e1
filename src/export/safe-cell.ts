/**
 * OWASP "CSV injection": a spreadsheet may run a cell that starts with `=`, `+`, `-`, `@`,
 * tab, CR, LF or NUL as a formula. Ledger texts are typed by staff and by outside requesters,
 * so no text is ever written as a formula.
 */
const formulaStart = /^[=+\-@\t\r\n\0]/;

export const looksLikeFormula = (text: string): boolean => formulaStart.test(text);

export type XlsxText = string | { richText: { text: string }[] };

/**
 * A text for an XLSX cell. exceljs writes a plain string as `t="str"` and never as a formula;
 * a text that looks like one is written as an inline string (`t="inlineStr"`), the cell type
 * that can only ever be text, so that no reader can take it for a formula's cached result.
 */
export function xlsxText(text: string): XlsxText {
  return looksLikeFormula(text) ? { richText: [{ text }] } : text;
}

const needsQuotes = /[",\r\n]|^\s|\s$/;

/**
 * A CSV field (RFC 4180, comma-separated): quoted when it holds a quote, comma or line break,
 * and, when it looks like a formula, prefixed with `'` and quoted so a spreadsheet shows it as text.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (looksLikeFormula(value)) return `"'${value.replaceAll('"', '""')}"`;
  return needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
