import { helsinkiText } from '../helsinki-time.js';
import { labelOf } from '../labels/index.js';
import { type ExportedFinding, findingsForExport } from '../reconcile/index.js';
import { type CellValue, type ColumnSpec, rowOf } from './columns.js';
import { type Lang, protocolHeadings, words } from './headings.js';
import type { LedgerSnapshot } from './ledger-snapshot.js';
import type { FindingKey } from './sheet-headings.js';

export const findingColumns: readonly ColumnSpec<FindingKey>[] = [
  { key: 'number', kind: 'number', width: 7 },
  { key: 'kind', kind: 'longText', width: 30 },
  { key: 'site', kind: 'text', width: 22 },
  { key: 'vmsUser', kind: 'text', width: 18 },
  { key: 'user', kind: 'text', width: 22 },
  { key: 'periodFrom', kind: 'date', width: 16 },
  { key: 'periodTo', kind: 'date', width: 16 },
  { key: 'entries', kind: 'longText', width: 14 },
  { key: 'copies', kind: 'longText', width: 12 },
  { key: 'events', kind: 'number', width: 12 },
  { key: 'detail', kind: 'longText', width: 40 },
  { key: 'resolution', kind: 'longText', width: 36 },
  { key: 'resolvedBy', kind: 'text', width: 22 },
  { key: 'resolvedAt', kind: 'date', width: 16 },
  { key: 'runAt', kind: 'date', width: 16 },
  { key: 'runPeriod', kind: 'longText', width: 22 },
  { key: 'runId', kind: 'text', width: 38 },
  { key: 'id', kind: 'text', width: 38 },
];

/** The words of a finding's details (the keys the reconciliation stores, src/reconcile). */
const detailWords: Record<
  Lang,
  Record<
    'action' | 'claimedBy' | 'withoutRightAt' | 'missingCameras' | 'footage' | 'destroyBy' | 'asOf',
    string
  >
> = {
  fi: {
    action: 'toiminto',
    claimedBy: 'sama tunnus useammalla henkilöllä',
    withoutRightAt: 'ilman katseluoikeutta alkaen',
    missingCameras: 'kirjauksesta puuttuvat kamerat',
    footage: 'katseltu tallenne',
    destroyBy: 'olisi pitänyt hävittää viimeistään',
    asOf: 'tilanne',
  },
  sv: {
    action: 'åtgärd',
    claimedBy: 'samma användarnamn hos flera personer',
    withoutRightAt: 'utan granskningsrätt från',
    missingCameras: 'kameror som saknas i anteckningen',
    footage: 'granskad inspelning',
    destroyBy: 'borde ha förstörts senast',
    asOf: 'läge per',
  },
  en: {
    action: 'action',
    claimedBy: 'the same user name belongs to several people',
    withoutRightAt: 'without a viewing right from',
    missingCameras: 'cameras missing from the entry',
    footage: 'footage viewed',
    destroyBy: 'should have been destroyed by',
    asOf: 'as of',
  },
};

/** A stored time of a finding's detail: epoch milliseconds (src/reconcile works in them). */
const timeText = (s: LedgerSnapshot, value: unknown) =>
  typeof value === 'number' && Number.isFinite(value)
    ? helsinkiText(new Date(value).toISOString(), s.lang)
    : '';

/** A finding's details in words, one per line, never raw JSON (names and times, not ids). */
export function detailText(s: LedgerSnapshot, f: ExportedFinding): string | null {
  const d = f.detail;
  const w = detailWords[s.lang];
  const lines: string[] = [];
  if (typeof d.action === 'string') lines.push(`${w.action}: ${labelOf(s.lang, 'vmsAction', d.action)}`);
  if (Array.isArray(d.claimedBy))
    lines.push(`${w.claimedBy}: ${d.claimedBy.map((id) => s.userName(String(id))).join(', ')}`);
  if (d.withoutRightAt !== undefined) lines.push(`${w.withoutRightAt} ${timeText(s, d.withoutRightAt)}`);
  if (Array.isArray(d.missingCameraIds))
    lines.push(`${w.missingCameras}: ${s.cameraNames(d.missingCameraIds.map(String))}`);
  if (d.footageFrom !== undefined || d.footageTo !== undefined)
    lines.push(`${w.footage}: ${timeText(s, d.footageFrom)} – ${timeText(s, d.footageTo)}`);
  if (typeof d.requestId === 'string') {
    const reference = s.requests.get(d.requestId)?.reference;
    if (reference) lines.push(`${protocolHeadings[s.lang].requestReference}: ${reference}`);
  }
  if (d.deliveredAt !== undefined) lines.push(`${words[s.lang].delivered} ${timeText(s, d.deliveredAt)}`);
  if (d.destroyBy !== undefined) lines.push(`${w.destroyBy} ${timeText(s, d.destroyBy)}`);
  if (d.asOf !== undefined) lines.push(`${w.asOf} ${timeText(s, d.asOf)}`);
  return lines.length > 0 ? lines.join('\n') : null;
}

/** Ledger numbers of the entries or copies a finding names, so a reader can find them in the other sheets. */
async function seqsOf(s: LedgerSnapshot, table: 'viewings' | 'copies', ids: readonly string[]) {
  const out = new Map<string, number>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await s.db
      .selectFrom(table)
      .select(['id', 'seq'])
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, Number(r.seq));
  }
  return out;
}

/**
 * R6: the findings that overlap the window, once: for each site and time those of the latest
 * run covering it, each saying which run and when, with its resolution.
 */
export async function* findingRowPages(s: LedgerSnapshot): AsyncGenerator<CellValue[][]> {
  const findings = await findingsForExport(s.db, s.siteIds, s.window.from, s.window.to);
  const entrySeq = await seqsOf(
    s,
    'viewings',
    findings.flatMap((f) => f.entryIds),
  );
  const copySeq = await seqsOf(
    s,
    'copies',
    findings.flatMap((f) => f.copyIds),
  );
  const numbers = (ids: readonly string[], seqs: Map<string, number>) =>
    ids.length > 0 ? ids.map((id) => String(seqs.get(id) ?? id)).join(', ') : null;
  const rows = findings.map((f, i) =>
    rowOf(findingColumns, {
      number: i + 1,
      kind: labelOf(s.lang, 'findingKind', f.kind),
      site: s.siteName(f.siteId),
      vmsUser: f.vmsUser,
      user: s.userName(f.userId),
      periodFrom: f.from,
      periodTo: f.to,
      entries: numbers(f.entryIds, entrySeq),
      copies: numbers(f.copyIds, copySeq),
      events: f.eventIds.length,
      detail: detailText(s, f),
      resolution: f.resolution?.note ?? null,
      resolvedBy: s.userName(f.resolution?.resolvedBy ?? null),
      resolvedAt: f.resolution?.resolvedAt ?? null,
      runAt: f.run.finishedAt || null,
      runPeriod: f.run.from
        ? `${helsinkiText(f.run.from, s.lang)} – ${helsinkiText(f.run.to, s.lang)}`
        : null,
      runId: f.run.id,
      id: f.id,
    }),
  );
  if (rows.length > 0) yield rows;
}
