import { listAccess } from '../audit/index.js';
import { type CellValue, type ColumnSpec, rowOf } from './columns.js';
import { words } from './headings.js';
import type { LedgerSnapshot } from './ledger-snapshot.js';
import type { AccessLogKey } from './rights-and-log-headings.js';

export const accessLogColumns: readonly ColumnSpec<AccessLogKey>[] = [
  { key: 'number', kind: 'number', width: 9 },
  { key: 'at', kind: 'date', width: 16 },
  { key: 'actor', kind: 'text', width: 22 },
  { key: 'action', kind: 'text', width: 24 },
  { key: 'targetType', kind: 'text', width: 14 },
  { key: 'targetId', kind: 'text', width: 38 },
  { key: 'outcome', kind: 'text', width: 12 },
  { key: 'status', kind: 'number', width: 8 },
  { key: 'ip', kind: 'text', width: 16 },
  { key: 'detail', kind: 'longText', width: 40 },
  { key: 'requestId', kind: 'text', width: 20 },
];

/** The filters and counts an access log row keeps, as `name: value` lines rather than JSON. */
function detailText(detail: Record<string, unknown> | null): string | null {
  if (detail === null) return null;
  const line = (key: string, value: unknown): string[] =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value).flatMap(([k, v]) => line(`${key}.${k}`, v))
      : [`${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`];
  const lines = Object.entries(detail).flatMap(([k, v]) => line(k, v));
  return lines.length > 0 ? lines.join('\n') : null;
}

/**
 * R10: the service's own access log for the window, newest first, a page at a time; only when
 * asked for, and only for an auditor (`prepareLedgerExport` checks).
 */
export async function* accessLogRowPages(s: LedgerSnapshot): AsyncGenerator<CellValue[][]> {
  const w = words[s.lang];
  let before: number | undefined;
  for (;;) {
    const page = await listAccess(s.db, { from: s.window.from, to: s.window.to, before, limit: 1000 });
    const rows = page.items.map((a) =>
      rowOf(accessLogColumns, {
        number: a.id,
        at: a.at,
        actor: a.actorUsername ? `${s.userName(a.actorId)} (${a.actorUsername})` : s.userName(a.actorId),
        action: a.action,
        targetType: a.targetType,
        targetId: a.targetId,
        outcome:
          a.outcome === 'success' || a.outcome === 'denied' || a.outcome === 'failed'
            ? w[a.outcome]
            : a.outcome,
        status: a.status,
        ip: a.ip,
        detail: detailText(a.detail),
        requestId: a.requestId,
      }),
    );
    if (rows.length > 0) yield rows;
    if (page.nextCursor === null) return;
    before = Number(page.nextCursor);
  }
}
