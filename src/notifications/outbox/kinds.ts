import { z } from 'zod';

/** Every kind of notification the service sends. */
export const notificationKinds = [
  'request_registered',
  'request_footage_24h',
  'request_footage_4h',
  'copy_overdue',
  'reconcile_findings',
  'ledger_verify_failed',
  'purge_late',
  'backup_overdue',
  'daily_digest',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const notificationKindSchema = z.enum(notificationKinds);

/**
 * Who receives a kind: the responsible persons of the site it is about, or the auditors and
 * admins (the service as a whole). `always`: sent whatever the person chose, because a rule
 * is about to be broken (R1: footage deleted before a decision; R2: a copy kept past its
 * time). `byDefault`: received until the person turns it off (the digest is opt-in).
 */
export interface KindSpec {
  audience: 'responsible' | 'overseers';
  always: boolean;
  byDefault: boolean;
}

export const kindSpecs: Readonly<Record<NotificationKind, KindSpec>> = {
  request_registered: { audience: 'responsible', always: false, byDefault: true },
  request_footage_24h: { audience: 'responsible', always: true, byDefault: true },
  request_footage_4h: { audience: 'responsible', always: true, byDefault: true },
  copy_overdue: { audience: 'responsible', always: true, byDefault: true },
  reconcile_findings: { audience: 'responsible', always: false, byDefault: true },
  ledger_verify_failed: { audience: 'overseers', always: false, byDefault: true },
  purge_late: { audience: 'overseers', always: false, byDefault: true },
  backup_overdue: { audience: 'overseers', always: false, byDefault: true },
  daily_digest: { audience: 'responsible', always: false, byDefault: false },
};

/** The kinds a person receives: those they chose (null: the defaults), and the ones always sent. */
export function receives(chosen: readonly string[] | null, kind: NotificationKind): boolean {
  const spec = kindSpecs[kind];
  if (spec.always) return true;
  return chosen === null ? spec.byDefault : chosen.includes(kind);
}

/** The kinds that can reach a person of these roles. */
export function kindsFor(roles: readonly string[]): NotificationKind[] {
  const overseer = roles.includes('auditor') || roles.includes('admin');
  return notificationKinds.filter((k) =>
    kindSpecs[k].audience === 'responsible' ? roles.includes('responsible') : overseer,
  );
}

/** R1: an undecided request's stage by the hours left until its footage is deleted. */
export function requestStage(
  hoursLeft: number,
): 'request_registered' | 'request_footage_24h' | 'request_footage_4h' {
  if (hoursLeft <= 4) return 'request_footage_4h';
  if (hoursLeft <= 24) return 'request_footage_24h';
  return 'request_registered';
}
