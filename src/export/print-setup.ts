import type ExcelJS from 'exceljs';
import type { SheetColumn } from './columns.js';

/**
 * Characters of column width one landscape A4 page holds at 100 % with the margins below
 * (27.7 cm less 2 × 1.3 cm, at Excel's default 0.19 cm a character).
 */
const charsPerPage = 130;

/**
 * How a sheet prints: landscape A4, the heading row and the running-number column repeated on
 * every page, pages across before down (so a row's columns print on consecutive pages), as
 * many pages wide as the columns need at about full size, never shrunk to one unreadable page,
 * and the sheet's name and page number in the footer.
 */
export function printSetup(columns: readonly SheetColumn[]): {
  pageSetup: Partial<ExcelJS.PageSetup>;
  headerFooter: Partial<ExcelJS.HeaderFooter>;
} {
  const width = columns.reduce((sum, c) => sum + c.width, 0);
  return {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: Math.max(1, Math.ceil(width / charsPerPage)),
      fitToHeight: 0,
      pageOrder: 'overThenDown',
      printTitlesRow: '1:1',
      ...(columns.length > 2 ? { printTitlesColumn: 'A:A' } : {}),
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&L&A&R&P / &N' },
  };
}

/** Points of one line of the default 11-point font. */
const lineHeight = 15;

/**
 * Lines a text takes when wrapped at word boundaries in a column `width` characters wide. One
 * pass over the characters, no substrings: it runs for the long texts of every row written.
 */
export function wrappedLines(text: string, width: number): number {
  // A character less than the width: proportional letters vary, and a clipped line is worse than a spare one.
  const room = Math.max(1, width - 1);
  let lines = 1;
  let used = 0;
  let word = 0;
  const place = () => {
    if (word === 0) return;
    if (used > 0 && used + 1 + word <= room) used += 1 + word;
    else {
      // On a line of its own; a word longer than the column breaks inside itself.
      if (used > 0) lines += 1;
      lines += Math.ceil(word / room) - 1;
      used = word % room || room;
    }
    word = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) place();
    else if (c === 10) {
      place();
      lines += 1;
      used = 0;
    } else word += 1;
  }
  place();
  return lines;
}

/**
 * The height of a row whose texts wrap, in points. Neither LibreOffice nor Excel fits row
 * heights to wrapped text when it opens a file, so a row without one shows its first line
 * only and prints the rest clipped; the writer sets it from the texts it writes.
 */
export function rowHeight(values: readonly unknown[], columns: readonly SheetColumn[]): number {
  let lines = 1;
  for (let i = 0; i < values.length; i++) {
    const text = values[i];
    // Most cells fit one line: only a longer text, or one with line breaks, is measured.
    if (typeof text !== 'string') continue;
    const width = columns[i]?.width ?? 10;
    if (text.length >= width - 1 || text.includes('\n')) lines = Math.max(lines, wrappedLines(text, width));
  }
  return lines * lineHeight;
}
