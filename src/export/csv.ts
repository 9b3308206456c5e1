import type { Writable } from 'node:stream';
import { helsinkiIso } from '../helsinki-time.js';
import type { CellValue } from './columns.js';
import { drained } from './drained.js';
import { protocolHeadings } from './headings.js';
import type { LedgerSnapshot } from './ledger-snapshot.js';
import { protocolColumns, protocolRowPages } from './protocol-sheet.js';
import { csvField } from './safe-cell.js';

function field(value: CellValue, kind: string): string {
  if (value === null) return '';
  if (typeof value === 'object') return helsinkiIso(value.at);
  // Times keep their offset, so a CSV reader needs no time-zone setting.
  if (kind === 'date') return helsinkiIso(String(value));
  return csvField(value);
}

async function write(out: Writable, text: string) {
  await drained(out);
  out.write(text);
}

/**
 * The protocol sheet as CSV (RFC 4180, UTF-8 with a BOM so that Excel reads the ä and ö,
 * CRLF line ends), streamed a page at a time, then ends `out`. Formula-like texts are
 * prefixed with `'`.
 */
export async function writeProtocolCsv(
  s: LedgerSnapshot,
  out: Writable,
  onRows?: (n: number) => void,
): Promise<number> {
  const headings = protocolHeadings[s.lang];
  const kinds = protocolColumns.map((c) => c.kind);
  await write(out, `\uFEFF${protocolColumns.map((c) => csvField(headings[c.key])).join(',')}\r\n`);
  let count = 0;
  for await (const page of protocolRowPages(s)) {
    let chunk = '';
    for (const values of page) chunk += `${values.map((v, i) => field(v, kinds[i] ?? 'text')).join(',')}\r\n`;
    await write(out, chunk);
    count += page.length;
    onRows?.(page.length);
  }
  out.end();
  return count;
}
