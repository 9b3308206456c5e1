/** The ten findings of R6, in the order docs/rules.md lists them. */
export const findingKinds = [
  'unknown_vms_user',
  'viewer_without_right',
  'unlogged_viewing',
  'camera_mismatch',
  'footage_out_of_range',
  'entry_without_evidence',
  'late_entry',
  'unlogged_export',
  'footage_past_retention',
  'copy_not_destroyed',
] as const;

export type FindingKind = (typeof findingKinds)[number];

/**
 * One finding. `eventIds`, `entryIds` and `copyIds` are the records that raise it (for a
 * session: its events; for `camera_mismatch` and `footage_out_of_range`: only the events at
 * fault, with the covering entries). `from`/`to` is the period the finding is about.
 */
export interface Finding {
  readonly kind: FindingKind;
  readonly siteId: string;
  /** The VMS user name as the first event of the session writes it. */
  readonly vmsUser?: string;
  /** The service user concerned, when known. */
  readonly userId?: string;
  readonly from: number;
  readonly to: number;
  readonly eventIds: string[];
  readonly entryIds: string[];
  readonly copyIds: string[];
  readonly detail: Record<string, unknown>;
}

const kindRank = new Map<FindingKind, number>(findingKinds.map((kind, rank) => [kind, rank]));

/** Code-unit order: the same on every machine and locale, unlike `localeCompare`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A total order, so that the same findings always come out in the same order (R6). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.from - b.from ||
    (kindRank.get(a.kind) ?? 0) - (kindRank.get(b.kind) ?? 0) ||
    compareText(a.siteId, b.siteId) ||
    a.to - b.to ||
    compareText(a.vmsUser ?? '', b.vmsUser ?? '') ||
    compareText(a.userId ?? '', b.userId ?? '') ||
    compareText(a.eventIds[0] ?? '', b.eventIds[0] ?? '') ||
    compareText(a.entryIds[0] ?? '', b.entryIds[0] ?? '') ||
    compareText(a.copyIds[0] ?? '', b.copyIds[0] ?? '')
  );
}

export function summarize(findings: readonly Finding[]): Record<FindingKind, number> {
  const summary = Object.fromEntries(findingKinds.map((kind) => [kind, 0])) as Record<FindingKind, number>;
  for (const finding of findings) summary[finding.kind] += 1;
  return summary;
}
