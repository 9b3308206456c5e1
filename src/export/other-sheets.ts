import { labelOf } from '../labels/index.js';
import { listCopies } from '../requests/index.js';
import { listTombstones } from '../retention/index.js';
import { type CellValue, type ColumnSpec, rowOf } from './columns.js';
import { words } from './headings.js';
import { inScope, inWindow, type LedgerSnapshot } from './ledger-snapshot.js';
import type { CopyKey, RequestKey, TombstoneKey } from './sheet-headings.js';

/** The workbook's sheets of outside requests, copies and tombstones (findings, rights and the access log have their own files). */

export const requestColumns: readonly ColumnSpec<RequestKey>[] = [
  { key: 'seq', kind: 'number', width: 11 },
  { key: 'site', kind: 'text', width: 24 },
  { key: 'requesterName', kind: 'text', width: 26 },
  { key: 'organisation', kind: 'text', width: 26 },
  { key: 'police', kind: 'text', width: 10 },
  { key: 'contact', kind: 'text', width: 28 },
  { key: 'reference', kind: 'text', width: 20 },
  { key: 'asks', kind: 'text', width: 16 },
  { key: 'cameras', kind: 'longText', width: 22 },
  { key: 'footageFrom', kind: 'date', width: 17 },
  { key: 'footageTo', kind: 'date', width: 17 },
  { key: 'statedLegalBasis', kind: 'longText', width: 32 },
  { key: 'receivedAt', kind: 'date', width: 17 },
  { key: 'channel', kind: 'text', width: 10 },
  { key: 'registeredBy', kind: 'text', width: 24 },
  { key: 'registeredAt', kind: 'date', width: 17 },
  { key: 'status', kind: 'text', width: 14 },
  { key: 'decision', kind: 'text', width: 14 },
  { key: 'decisionReason', kind: 'longText', width: 32 },
  { key: 'overrideReason', kind: 'longText', width: 28 },
  { key: 'decidedBy', kind: 'text', width: 24 },
  { key: 'decidedAt', kind: 'date', width: 17 },
  { key: 'closedAt', kind: 'date', width: 17 },
  { key: 'earlyClosureReason', kind: 'longText', width: 28 },
  { key: 'footageDeletedAt', kind: 'date', width: 17 },
  { key: 'id', kind: 'text', width: 38 },
];

export async function* requestRowPages(s: LedgerSnapshot): AsyncGenerator<CellValue[][]> {
  const w = words[s.lang];
  const rows = [...s.requests.values()]
    .filter((r) => inWindow(s, r.receivedAt))
    .sort((a, b) =>
      a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id < b.id ? -1 : 1,
    )
    .map((r) =>
      rowOf(requestColumns, {
        seq: r.seq,
        id: r.id,
        site: s.siteName(r.siteId),
        requesterName: r.requesterName,
        organisation: r.organisation,
        police: r.organisationIsPolice ? w.yes : w.no,
        contact: r.contact,
        reference: r.reference,
        asks: r.asks.map((a) => w[a]).join(', '),
        cameras: s.cameraNames(r.cameraIds),
        footageFrom: r.footageFrom,
        footageTo: r.footageTo,
        statedLegalBasis: r.statedLegalBasis,
        receivedAt: r.receivedAt,
        channel: labelOf(s.lang, 'channel', r.channel),
        registeredBy: s.userName(r.registeredBy),
        registeredAt: r.registeredAt,
        status: w[r.status],
        decision: r.decision ? w[r.decision.decision] : null,
        decisionReason: r.decision?.reason ?? null,
        overrideReason: r.decision?.overrideReason ?? null,
        decidedBy: s.userName(r.decision?.decidedBy ?? null),
        decidedAt: r.decision?.decidedAt ?? null,
        closedAt: r.closure?.closedAt ?? null,
        earlyClosureReason: r.closure?.earlyReason ?? null,
        footageDeletedAt: r.footageDeletedAt,
      }),
    );
  if (rows.length > 0) yield rows;
}

export const copyColumns: readonly ColumnSpec<CopyKey>[] = [
  { key: 'seq', kind: 'number', width: 11 },
  { key: 'requestReference', kind: 'text', width: 20 },
  { key: 'site', kind: 'text', width: 24 },
  { key: 'cameras', kind: 'longText', width: 22 },
  { key: 'footageFrom', kind: 'date', width: 17 },
  { key: 'footageTo', kind: 'date', width: 17 },
  { key: 'medium', kind: 'text', width: 20 },
  { key: 'identifier', kind: 'text', width: 16 },
  { key: 'storageLocation', kind: 'longText', width: 24 },
  { key: 'madeBy', kind: 'text', width: 24 },
  { key: 'madeAt', kind: 'date', width: 17 },
  { key: 'state', kind: 'text', width: 12 },
  { key: 'deliveredAt', kind: 'date', width: 17 },
  { key: 'recipientName', kind: 'text', width: 24 },
  { key: 'recipientUnit', kind: 'text', width: 24 },
  { key: 'receiptRef', kind: 'text', width: 16 },
  { key: 'destroyedAt', kind: 'date', width: 17 },
  { key: 'method', kind: 'longText', width: 24 },
  { key: 'witness', kind: 'text', width: 20 },
  { key: 'destructionReason', kind: 'longText', width: 24 },
  { key: 'destroyedBy', kind: 'text', width: 24 },
  { key: 'id', kind: 'text', width: 38 },
];

/** R2: copies made in the window, with delivery and destruction. */
export async function* copyRowPages(s: LedgerSnapshot): AsyncGenerator<CellValue[][]> {
  const w = words[s.lang];
  const copies = await listCopies(s.db, s.exportedBy, {}, s.exportedAt);
  const rows = copies
    .filter((c) => c.seq <= s.head.seq && inScope(s, c.siteId) && inWindow(s, c.madeAt))
    .map((c) =>
      rowOf(copyColumns, {
        seq: c.seq,
        id: c.id,
        requestReference: s.requests.get(c.requestId)?.reference ?? c.requestId,
        site: s.siteName(c.siteId),
        cameras: s.cameraNames(c.cameraIds),
        footageFrom: c.footageFrom,
        footageTo: c.footageTo,
        medium: c.medium,
        identifier: c.identifier,
        storageLocation: c.storageLocation,
        madeBy: s.userName(c.madeBy),
        madeAt: c.madeAt,
        state: w[c.state],
        deliveredAt: c.delivery?.deliveredAt ?? null,
        recipientName: c.delivery?.recipientName ?? null,
        recipientUnit: c.delivery?.recipientUnit ?? null,
        receiptRef: c.delivery?.receiptRef ?? null,
        destroyedAt: c.destruction?.destroyedAt ?? null,
        method: c.destruction?.method ?? null,
        witness: c.destruction?.witness ?? null,
        destructionReason: c.destruction?.reason ?? null,
        destroyedBy: s.userName(c.destruction?.destroyedBy ?? null),
      }),
    );
  if (rows.length > 0) yield rows;
}

export const tombstoneColumns: readonly ColumnSpec<TombstoneKey>[] = [
  { key: 'seq', kind: 'number', width: 11 },
  { key: 'site', kind: 'text', width: 24 },
  { key: 'camera', kind: 'text', width: 22 },
  { key: 'counts', kind: 'longText', width: 28 },
  { key: 'periodFrom', kind: 'date', width: 17 },
  { key: 'periodTo', kind: 'date', width: 17 },
  { key: 'itemCount', kind: 'number', width: 12 },
  { key: 'purgedAt', kind: 'date', width: 17 },
  { key: 'passId', kind: 'text', width: 38 },
  { key: 'id', kind: 'text', width: 38 },
];

/**
 * R1: what the purge deleted in the window — one row per camera of each tombstone, newest
 * first (the order `listTombstones` pages in). Nothing in a tombstone is personal data.
 */
export async function* tombstoneRowPages(s: LedgerSnapshot): AsyncGenerator<CellValue[][]> {
  let beforeSeq = s.head.seq + 1;
  for (;;) {
    const page = await listTombstones(s.db, {
      siteIds: s.siteIds,
      from: s.window.from,
      to: s.window.to,
      beforeSeq,
      limit: 500,
    });
    const rows = page.items.flatMap((t) =>
      t.cameras.map((c) =>
        rowOf(tombstoneColumns, {
          id: t.id,
          seq: t.seq,
          passId: t.passId,
          site: s.siteName(c.siteId),
          camera: c.cameraId ? s.cameraNames([c.cameraId]) : null,
          counts: Object.entries(c.counts)
            .map(([kind, n]) => `${labelOf(s.lang, 'purgedKind', kind)}: ${n}`)
            .join(', '),
          periodFrom: c.from,
          periodTo: c.to,
          itemCount: Object.values(c.counts).reduce((a, b) => a + b, 0),
          purgedAt: t.purgedAt,
        }),
      ),
    );
    if (rows.length > 0) yield rows;
    if (page.nextCursor === null) return;
    beforeSeq = Number(page.nextCursor);
  }
}
