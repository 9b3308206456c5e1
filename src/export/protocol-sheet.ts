import { sql } from 'kysely';
import { helsinkiText } from '../helsinki-time.js';
import { labelOf } from '../labels/index.js';
import {
  type Amendment,
  amendmentsOf,
  applyAmendments,
  toViewing,
  type Viewing,
  type Voiding,
  voidsOf,
} from '../protocol/index.js';
import type { OutsideRequest } from '../requests/index.js';
import { type CellValue, type ColumnSpec, rowOf } from './columns.js';
import { type Lang, type ProtocolKey, protocolHeadings, words } from './headings.js';
import { inScope, inWindow, type LedgerSnapshot } from './ledger-snapshot.js';

/**
 * The protocol sheet (R4 R7): one row per viewing and one per rejected outside request, the
 * six items of R7 in order, then the bookkeeping. Item 1 is the viewing time and its end;
 * item 2 the matter: description, site, cameras, footage from and to, and whether that time
 * is an estimate; item 3 the grounds category (R9) and its justification; items 4 and 5 the
 * names of the decider and the viewer; item 6 the outside requester and the decision.
 */
export const protocolColumns: readonly ColumnSpec<ProtocolKey>[] = [
  { key: 'seq', kind: 'number', width: 11 },
  { key: 'viewedAt', kind: 'date', width: 15 },
  { key: 'viewedUntil', kind: 'date', width: 15 },
  { key: 'description', kind: 'longText', width: 30 },
  { key: 'site', kind: 'text', width: 16 },
  { key: 'cameras', kind: 'longText', width: 16 },
  { key: 'footageFrom', kind: 'date', width: 15 },
  { key: 'footageTo', kind: 'date', width: 15 },
  { key: 'footageTimeEstimated', kind: 'text', width: 9 },
  { key: 'grounds', kind: 'longText', width: 18 },
  { key: 'justification', kind: 'longText', width: 30 },
  { key: 'decidedBy', kind: 'text', width: 18 },
  { key: 'viewer', kind: 'text', width: 18 },
  { key: 'requester', kind: 'longText', width: 22 },
  { key: 'requestDecision', kind: 'text', width: 12 },
  { key: 'recordedAt', kind: 'date', width: 15 },
  { key: 'late', kind: 'text', width: 9 },
  { key: 'lateByMinutes', kind: 'number', width: 9 },
  { key: 'delayReason', kind: 'longText', width: 24 },
  { key: 'amendments', kind: 'longText', width: 36 },
  { key: 'voided', kind: 'longText', width: 26 },
  { key: 'requestReference', kind: 'text', width: 15 },
  { key: 'source', kind: 'longText', width: 20 },
  { key: 'entryId', kind: 'text', width: 38 },
];

/** What an imported entry keeps of item 6 (it has no request in the service): see ledger-import.ts. */
export interface ImportedOutsideRequest {
  requester: string;
  decision: 'accepted' | 'rejected' | null;
}

const pageSize = 1000;
const yesNo = (lang: Lang, b: boolean) => (b ? words[lang].yes : words[lang].no);
const decisionWord = (lang: Lang, d: 'accepted' | 'rejected' | null) => (d ? words[lang][d] : null);
const requesterText = (r: OutsideRequest) => `${r.requesterName} (${r.organisation})`;

type AmendableKey = keyof Amendment['changes'];
const amendedLabel: Partial<Record<AmendableKey, ProtocolKey>> = {
  viewedAt: 'viewedAt',
  viewedUntil: 'viewedUntil',
  description: 'description',
  cameraIds: 'cameras',
  footageFrom: 'footageFrom',
  footageTo: 'footageTo',
  footageTimeEstimated: 'footageTimeEstimated',
  grounds: 'grounds',
  justification: 'justification',
  decidedBy: 'decidedBy',
  requestId: 'requestReference',
};

function shown(s: LedgerSnapshot, key: string, value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (key === 'viewedAt' || key === 'viewedUntil' || key === 'footageFrom' || key === 'footageTo') {
    return helsinkiText(String(value), s.lang);
  }
  if (key === 'cameraIds') return s.cameraNames(value as string[]);
  if (key === 'decidedBy') return (value as Viewing['decidedBy']).name;
  if (key === 'grounds') return labelOf(s.lang, 'grounds', String(value));
  if (key === 'requestId') return s.requests.get(String(value))?.reference ?? String(value);
  if (typeof value === 'boolean') return yesNo(s.lang, value);
  return String(value);
}

/** R4: each correction on its own line with the value it replaced, so the original stays visible. */
function amendmentsText(s: LedgerSnapshot, original: Viewing, amendments: readonly Amendment[]): string {
  let state: Record<string, unknown> = { ...original };
  const lines = amendments.map((a) => {
    const parts: string[] = [];
    for (const [key, value] of Object.entries(a.changes)) {
      const before = shown(s, key, state[key]);
      const after = shown(s, key, value);
      // Corrections stored before defaults were kept out of them may restate a field unchanged.
      if (before !== after)
        parts.push(
          `${protocolHeadings[s.lang][amendedLabel[key as AmendableKey] ?? 'amendments']}: ${before} → ${after}`,
        );
    }
    state = { ...state, ...a.changes };
    return `${helsinkiText(a.amendedAt, s.lang)} ${s.userName(a.amendedBy)}: ${parts.join('; ')} (${words[s.lang].reason}: ${a.reason})`;
  });
  return lines.join('\n');
}

function importedItem6(v: Viewing): ImportedOutsideRequest | null {
  const item = v.importRef?.outsideRequest as ImportedOutsideRequest | undefined;
  return item && typeof item.requester === 'string' ? item : null;
}

function sourceText(s: LedgerSnapshot, v: Viewing): string {
  const ref = v.importRef;
  if (v.source !== 'imported' || !ref) return words[s.lang].service;
  const sha = typeof ref.fileSha256 === 'string' ? ref.fileSha256.slice(0, 12) : '';
  return `${words[s.lang].imported}: ${String(ref.sheet)}, ${words[s.lang].row} ${String(ref.row)} (sha256 ${sha}…)`;
}

/** R4: a void entry stays in the protocol, marked with who voided it, when and why. */
function voidText(s: LedgerSnapshot, voided: Voiding): string {
  const w = words[s.lang];
  return `${w.voided} ${helsinkiText(voided.voidedAt, s.lang)} ${s.userName(voided.voidedBy)} (${w.reason}: ${voided.reason})`;
}

/** The column whose value marks a row struck through: a void entry. */
export const protocolStrikeColumn = protocolColumns.findIndex((c) => c.key === 'voided');

export function viewingRow(
  s: LedgerSnapshot,
  original: Viewing,
  amendments: readonly Amendment[],
  voided: Voiding | null = null,
): CellValue[] {
  const v = applyAmendments(original, amendments);
  const lang = s.lang;
  const request = v.requestId ? s.requests.get(v.requestId) : undefined;
  const imported = importedItem6(v);
  return rowOf(protocolColumns, {
    seq: v.seq,
    viewedAt: v.viewedAt,
    viewedUntil: v.viewedUntil,
    description: v.description,
    site: s.siteName(v.siteId),
    cameras: s.cameraNames(v.cameraIds),
    footageFrom: v.footageFrom,
    footageTo: v.footageTo,
    footageTimeEstimated: yesNo(lang, v.footageTimeEstimated),
    grounds: labelOf(lang, 'grounds', v.grounds),
    justification: v.justification,
    decidedBy: v.decidedBy.name,
    viewer: v.viewerName,
    requester: request ? requesterText(request) : (imported?.requester ?? null),
    requestDecision: request
      ? decisionWord(lang, request.decision?.decision ?? null)
      : decisionWord(lang, imported?.decision ?? null),
    entryId: v.id,
    recordedAt: v.recordedAt,
    late: yesNo(lang, v.late),
    lateByMinutes: v.lateByMinutes,
    delayReason: v.delayReason,
    amendments: amendments.length > 0 ? amendmentsText(s, original, amendments) : null,
    voided: voided ? voidText(s, voided) : null,
    requestReference: request?.reference ?? null,
    source: sourceText(s, v),
  });
}

/** R7 item 6: a rejected outside request is a protocol row too, with no viewing. */
export function rejectedRequestRow(s: LedgerSnapshot, r: OutsideRequest): CellValue[] {
  const w = words[s.lang];
  return rowOf(protocolColumns, {
    seq: r.seq,
    description: r.decision?.reason ? `${w.rejectedNoViewing}: ${r.decision.reason}` : w.rejectedNoViewing,
    site: s.siteName(r.siteId),
    cameras: s.cameraNames(r.cameraIds),
    footageFrom: r.footageFrom,
    footageTo: r.footageTo,
    justification: r.statedLegalBasis,
    decidedBy: s.userName(r.decision?.decidedBy ?? null),
    requester: requesterText(r),
    requestDecision: w.rejected,
    entryId: r.id,
    recordedAt: r.decision?.decidedAt ?? r.registeredAt,
    requestReference: r.reference,
    source: w.service,
  });
}

/** Rejected requests in the window, in the order they were received. */
function rejectedRequests(s: LedgerSnapshot): OutsideRequest[] {
  return [...s.requests.values()]
    .filter((r) => r.decision?.decision === 'rejected' && inWindow(s, r.receivedAt) && inScope(s, r.siteId))
    .sort((a, b) =>
      a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id < b.id ? -1 : 1,
    );
}

/** One page of entries in viewing-time order, after the cursor, up to the snapshot's head. */
async function viewingPage(s: LedgerSnapshot, cursor: { viewedAt: string; seq: number } | null) {
  let q = s.db
    .selectFrom('viewings as v')
    .leftJoin('viewing_delay_reasons as d', 'd.viewing_id', 'v.id')
    .selectAll('v')
    // The event hash is not shown (the "about" sheet has the head's), so no join for it.
    .select([sql<string>`''`.as('hash'), 'd.reason as delay_reason'])
    .where('v.seq', '<=', s.head.seq)
    .where('v.viewed_at', '>=', s.window.from)
    .where('v.viewed_at', '<', s.window.to);
  if (s.siteIds !== 'all') q = q.where('v.site_id', 'in', s.siteIds);
  if (cursor) {
    q = q.where((eb) => eb(eb.refTuple('v.viewed_at', 'v.seq'), '>', eb.tuple(cursor.viewedAt, cursor.seq)));
  }
  return q.orderBy('v.viewed_at').orderBy('v.seq').limit(pageSize).execute();
}

/**
 * The protocol rows, a page at a time (keyset pagination on viewing time and seq), with the
 * rejected requests merged in by time: memory holds one page, whatever the ledger's size.
 */
export async function* protocolRowPages(s: LedgerSnapshot): AsyncGenerator<CellValue[][]> {
  const rejected = rejectedRequests(s);
  let next = 0;
  let cursor: { viewedAt: string; seq: number } | null = null;
  for (;;) {
    const rows = await viewingPage(s, cursor);
    const viewings = rows.map(toViewing);
    const ids = viewings.map((v) => v.id);
    const amendments = await amendmentsOf(s.db, ids);
    const voids = await voidsOf(s.db, ids);
    const out: CellValue[][] = [];
    for (const v of viewings) {
      while (next < rejected.length && (rejected[next] as OutsideRequest).receivedAt <= v.viewedAt) {
        out.push(rejectedRequestRow(s, rejected[next++] as OutsideRequest));
      }
      const own = (amendments.get(v.id) ?? []).filter((a) => a.seq <= s.head.seq);
      const voided = voids.get(v.id);
      out.push(viewingRow(s, v, own, voided && voided.seq <= s.head.seq ? voided : null));
    }
    const last = rows[rows.length - 1];
    if (rows.length < pageSize || !last) {
      while (next < rejected.length) out.push(rejectedRequestRow(s, rejected[next++] as OutsideRequest));
      if (out.length > 0) yield out;
      return;
    }
    cursor = { viewedAt: last.viewed_at, seq: last.seq };
    yield out;
  }
}
