import path from 'node:path/posix';
import type { Entry, ZipFile } from 'yauzl';
import { parseXmlPart } from './xml-part.js';
import { overLimit, SHARED_STRINGS_PART, type XlsxLimits } from './zip-limits.js';

/**
 * What a worksheet's cells refer to, read from the workbook's other parts: where the first
 * worksheet is, which cell styles show dates, and the shared-string table, held to the limits.
 */

export class WorkbookFormatError extends Error {
  constructor(
    readonly code: 'no_worksheet' | 'bad_xlsx',
    message: string,
  ) {
    super(message);
    this.name = 'WorkbookFormatError';
  }
}

export interface WorkbookParts {
  /** The first worksheet in tab order. */
  sheet: Entry;
  date1904: boolean;
  /** Per cell style (the `s` of a cell), whether its number format shows a date or a time. */
  dateStyles: boolean[];
  sharedStrings: string[];
}

/** The parts that describe a workbook are small; one bigger than this is not a workbook. */
const maxDescriptionBytes = 16 * 1024 * 1024;

/** Built-in number formats that show a date or a time (ECMA-376 §18.8.30), as exceljs reads them. */
const dateFormatIds = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** A format code shows a date when, outside quotes and brackets, it has a date or time letter (as exceljs). */
const isDateFormat = (code: string) => /[ymdhMsb]/.test(code.replace(/\[[^\]]*]|"[^"]*"/g, ''));

function describingPart(entries: ReadonlyMap<string, Entry>, name: string): Entry | undefined {
  const entry = entries.get(name);
  if (entry && entry.uncompressedSize > maxDescriptionBytes)
    throw new WorkbookFormatError('bad_xlsx', `${name} is larger than ${maxDescriptionBytes} bytes`);
  return entry;
}

async function firstSheetTarget(
  zip: ZipFile,
  entries: ReadonlyMap<string, Entry>,
): Promise<{ target: string; date1904: boolean }> {
  const workbook = describingPart(entries, 'xl/workbook.xml');
  const rels = describingPart(entries, 'xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) throw new WorkbookFormatError('no_worksheet', 'the workbook has no worksheet');
  let firstId: string | undefined;
  let date1904 = false;
  await parseXmlPart(zip, workbook, {
    open(name, attributes) {
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attributes.date1904 ?? '');
      else if (name === 'sheet' && firstId === undefined)
        firstId = Object.entries(attributes).find(([k]) => k.endsWith(':id'))?.[1];
    },
  });
  let target: string | undefined;
  await parseXmlPart(zip, rels, {
    open(name, attributes) {
      if (name === 'Relationship' && attributes.Id === firstId) target = attributes.Target;
    },
  });
  if (firstId === undefined || target === undefined)
    throw new WorkbookFormatError('no_worksheet', 'the workbook has no worksheet');
  return { target: target.startsWith('/') ? target.slice(1) : path.join('xl', target), date1904 };
}

async function readDateStyles(zip: ZipFile, entries: ReadonlyMap<string, Entry>): Promise<boolean[]> {
  const styles = describingPart(entries, 'xl/styles.xml');
  const dateStyles: boolean[] = [];
  if (!styles) return dateStyles;
  const customDates = new Set<number>();
  let inCellXfs = false;
  await parseXmlPart(zip, styles, {
    open(name, attributes) {
      const id = Number(attributes.numFmtId);
      if (name === 'numFmt' && isDateFormat(attributes.formatCode ?? '')) customDates.add(id);
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) dateStyles.push(dateFormatIds.has(id) || customDates.has(id));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return dateStyles;
}

/**
 * The shared strings, each the text of its runs (phonetic guides left out, as Excel shows them).
 * Reading stops at the first string longer than a cell may be, or at more strings than cells.
 */
async function readSharedStrings(
  zip: ZipFile,
  entries: ReadonlyMap<string, Entry>,
  limits: XlsxLimits,
): Promise<string[]> {
  const part = entries.get(SHARED_STRINGS_PART);
  const strings: string[] = [];
  if (!part) return strings;
  let current: string[] | null = null;
  let length = 0;
  let inText = false;
  let phonetic = 0;
  await parseXmlPart(zip, part, {
    open(name) {
      if (name === 'si') {
        if (strings.length >= limits.maxCells)
          throw overLimit(limits, 'maxCells', `the workbook has more than ${limits.maxCells} shared strings`);
        current = [];
        length = 0;
      } else if (name === 'rPh') phonetic++;
      else if (name === 't') inText = current !== null && phonetic === 0;
    },
    text(text) {
      if (!inText || current === null) return;
      length += text.length;
      if (length > limits.maxCellChars) {
        throw overLimit(
          limits,
          'maxCellChars',
          `shared string ${strings.length + 1} is longer than ${limits.maxCellChars} characters`,
        );
      }
      current.push(text);
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && current !== null) {
        strings.push(current.join(''));
        current = null;
      }
    },
  });
  return strings;
}

export async function readWorkbookParts(
  zip: ZipFile,
  entries: ReadonlyMap<string, Entry>,
  limits: XlsxLimits,
): Promise<WorkbookParts> {
  const { target, date1904 } = await firstSheetTarget(zip, entries);
  const sheet = entries.get(target);
  if (!sheet)
    throw new WorkbookFormatError('no_worksheet', `the workbook's first worksheet ${target} is missing`);
  const dateStyles = await readDateStyles(zip, entries);
  const sharedStrings = await readSharedStrings(zip, entries, limits);
  return { sheet, date1904, dateStyles, sharedStrings };
}
