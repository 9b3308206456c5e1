import type { CellValue, SheetColumn } from './columns.js';
import { sheetNames, words } from './headings.js';
import type { LedgerSnapshot } from './ledger-snapshot.js';
import { aboutTexts, timeZoneNote } from './sheet-headings.js';
import type { SheetCounts } from './workbook.js';

/**
 * "About this file": who exported it and when, with which filters, the ledger head the file
 * shows (seq and hash, to compare with a signed checkpoint) and whether the chain verified.
 */
export function aboutRows(
  s: LedgerSnapshot,
  counts: SheetCounts,
): { columns: SheetColumn[]; rows: CellValue[][] } {
  const t = aboutTexts[s.lang];
  const w = words[s.lang];
  const names = sheetNames[s.lang];
  const sites =
    s.filter.siteId !== null
      ? s.siteName(s.filter.siteId)
      : s.siteIds === 'all'
        ? t.all
        : s.siteIds.map((id) => s.siteName(id)).join(', ');
  const v = s.verify;
  const verified = v === null ? '–' : v.ok ? w.yes : `${w.no}: ${v.reason} (seq ${v.brokenAt})`;
  const items: CellValue[][] = [
    [t.exportedBy, `${s.exportedBy.displayName} (${s.exportedBy.username})`],
    [t.exportedAt, { at: s.exportedAt.toISOString() }],
    [t.from, s.filter.from !== null ? { at: s.window.from } : t.unbounded],
    [t.to, s.filter.to !== null ? { at: s.window.to } : t.unbounded],
    [t.site, sites],
    [t.language, s.lang],
    [t.timeZone, timeZoneNote[s.lang]],
    [t.headSeq, s.head.seq],
    [t.headHash, s.head.hash],
    [t.verified, verified],
    [t.accessLog, s.withAccessLog ? w.yes : t.notIncluded],
    ...(Object.keys(counts) as (keyof SheetCounts)[]).map((k): CellValue[] => [
      `${t.rows}: ${names[k]}`,
      counts[k] ?? null,
    ]),
  ];
  return {
    columns: [
      { heading: t.number, kind: 'number', width: 6 },
      { heading: t.item, kind: 'text', width: 44 },
      { heading: t.value, kind: 'longText', width: 70 },
    ],
    rows: items.map((item, i) => [i + 1, ...item]),
  };
}
