import { helsinkiText } from '../helsinki-time.js';
import { listRights, type ViewingRight } from '../protocol/index.js';
import { type CellValue, type ColumnSpec, rowOf } from './columns.js';
import { type Lang, words } from './headings.js';
import { inScope, type LedgerSnapshot } from './ledger-snapshot.js';
import type { RightKey } from './rights-and-log-headings.js';

export const rightColumns: readonly ColumnSpec<RightKey>[] = [
  { key: 'seq', kind: 'number', width: 11 },
  { key: 'person', kind: 'text', width: 22 },
  { key: 'site', kind: 'text', width: 22 },
  { key: 'commitmentRef', kind: 'text', width: 24 },
  { key: 'commitmentSignedOn', kind: 'text', width: 12 },
  { key: 'validFrom', kind: 'date', width: 16 },
  { key: 'grantedBy', kind: 'text', width: 22 },
  { key: 'grantedAt', kind: 'date', width: 16 },
  { key: 'reason', kind: 'longText', width: 34 },
  { key: 'confirmation', kind: 'longText', width: 26 },
  { key: 'revokedFrom', kind: 'date', width: 16 },
  { key: 'revocationReason', kind: 'longText', width: 30 },
  { key: 'revokedBy', kind: 'text', width: 22 },
  { key: 'revokedAt', kind: 'date', width: 16 },
  { key: 'id', kind: 'text', width: 38 },
];

/** A calendar date as the language writes it: fi 3.2.2026, sv and en 2026-02-03. */
function dateText(day: string, lang: Lang): string {
  const [y, m, d] = day.split('-');
  return lang === 'fi' ? `${Number(d)}.${Number(m)}.${y}` : day;
}

/** R3: whether a self-grant needed another responsible person's confirmation, and who gave it when. */
function confirmationText(s: LedgerSnapshot, r: ViewingRight): string {
  const w = words[s.lang];
  const c = r.confirmation;
  if (!c.required) return w.confirmationNotNeeded;
  if (c.confirmedBy === null || c.confirmedAt === null) return w.confirmationAwaited;
  return `${w.confirmedBy} ${s.userName(c.confirmedBy)} ${helsinkiText(c.confirmedAt, s.lang)}`;
}

/**
 * R3: the viewing rights of the sites in scope that were in force at some time in the window
 * (valid from before its end, not ended before its start), as the ledger stood at the head,
 * with their commitment, reason, confirmation and revocation.
 */
export async function* rightRowPages(s: LedgerSnapshot): AsyncGenerator<CellValue[][]> {
  const rights = await listRights(s.db, { siteIds: s.siteIds === 'all' ? undefined : s.siteIds });
  const rows = rights
    .filter(
      (r) =>
        r.seq <= s.head.seq &&
        inScope(s, r.siteId) &&
        r.validFrom < s.window.to &&
        (r.revocation === null || r.revocation.seq > s.head.seq || r.revocation.effectiveAt > s.window.from),
    )
    .map((r) => {
      const revoked = r.revocation !== null && r.revocation.seq <= s.head.seq ? r.revocation : null;
      return rowOf(rightColumns, {
        seq: r.seq,
        person: s.userName(r.userId),
        site: s.siteName(r.siteId),
        commitmentRef: r.commitmentRef,
        commitmentSignedOn: dateText(r.commitmentSignedOn, s.lang),
        validFrom: r.validFrom,
        grantedBy: s.userName(r.grantedBy),
        grantedAt: r.grantedAt,
        reason: r.reason,
        confirmation: confirmationText(s, r),
        revokedFrom: revoked?.effectiveAt ?? null,
        revocationReason: revoked?.reason ?? null,
        revokedBy: revoked ? s.userName(revoked.revokedBy) : null,
        revokedAt: revoked?.revokedAt ?? null,
        id: r.id,
      });
    });
  if (rows.length > 0) yield rows;
}
