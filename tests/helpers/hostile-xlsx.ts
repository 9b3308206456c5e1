import { buildZip, deflatedEntry, repeatedEntry, type ZipEntrySpec } from '../vms/read/zip-builder.js';

/**
 * Small files that inflate to large workbooks, as a hostile client would send them: the XML of a
 * real workbook around a sheet or a shared string that is mostly one repeated MiB.
 */

const workbookParts = (): ZipEntrySpec[] => [
  deflatedEntry(
    '[Content_Types].xml',
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
    ),
  ),
  deflatedEntry(
    '_rels/.rels',
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    ),
  ),
  deflatedEntry(
    'xl/styles.xml',
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>',
    ),
  ),
  deflatedEntry(
    'xl/workbook.xml',
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<sheets><sheet name="Taul1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
  ),
  deflatedEntry(
    'xl/_rels/workbook.xml.rels',
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
        '</Relationships>',
    ),
  ),
];

const sheetHead =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const sheetTail = '</sheetData></worksheet>';

/** The header of the `generic` camera-system profile, so that its reader reads on past it. */
const headerRow = `<row r="1">${['time', 'user', 'user_host', 'camera', 'action', 'message']
  .map((h, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${h}</t></is></c>`)
  .join('')}</row>`;

/** A workbook whose first cell after the header is one shared string of `mebibytes` MiB. */
export async function longSharedStringXlsx(mebibytes: number): Promise<Buffer> {
  return buildZip([
    ...workbookParts(),
    deflatedEntry(
      'xl/worksheets/sheet1.xml',
      Buffer.from(`${sheetHead}${headerRow}<row r="2"><c r="A2" t="s"><v>0</v></c></row>${sheetTail}`),
    ),
    await repeatedEntry(
      'xl/sharedStrings.xml',
      '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>',
      'a',
      mebibytes,
      '</t></si></sst>',
    ),
  ]);
}

/** A workbook whose second row holds one inline string of `mebibytes` MiB. */
export async function longInlineStringXlsx(mebibytes: number): Promise<Buffer> {
  return buildZip([
    ...workbookParts(),
    await repeatedEntry(
      'xl/worksheets/sheet1.xml',
      `${sheetHead}${headerRow}<row r="2"><c r="A2" t="inlineStr"><is><t>`,
      'a',
      mebibytes,
      `</t></is></c></row>${sheetTail}`,
    ),
  ]);
}

/**
 * A row of one short cell, padded to 64 bytes so that it divides a MiB. Every copy is the same, so
 * none says its row number (rows without one follow the row before) and every cell says A2.
 */
const shortRow = '<row><c r="A2"><v>1</v></c></row>'.padEnd(64, ' ');

/** A workbook whose sheet is `mebibytes` MiB of one-cell rows (16,384 rows a MiB). */
export async function bigSheetXlsx(mebibytes: number): Promise<Buffer> {
  return buildZip([
    ...workbookParts(),
    await repeatedEntry(
      'xl/worksheets/sheet1.xml',
      `${sheetHead}${headerRow}`,
      shortRow,
      mebibytes,
      sheetTail,
    ),
  ]);
}

/** A workbook of `rows` numbered rows after the header, each of one cell. */
export function numberedRowsXlsx(rows: number): Buffer {
  const body: string[] = [sheetHead, headerRow];
  for (let r = 2; r <= rows + 1; r++) body.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
  body.push(sheetTail);
  return buildZip([
    ...workbookParts(),
    deflatedEntry('xl/worksheets/sheet1.xml', Buffer.from(body.join(''))),
  ]);
}
