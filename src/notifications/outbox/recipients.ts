import type { Executor } from '../../db/index.js';
import { kindSpecs, type NotificationKind, receives } from './kinds.js';

export interface Recipient {
  id: string;
  email: string;
}

/**
 * The people a notification of `kind` goes to: enabled accounts with an address, of its
 * audience — the responsible persons of `siteId`, or the auditors and admins — who receive
 * the kind.
 */
export async function recipientsOf(
  db: Executor,
  kind: NotificationKind,
  siteId: string | null,
): Promise<Recipient[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'roles', 'site_ids', 'notification_kinds'])
    .where('disabled', '=', 0)
    .where('email', 'is not', null)
    .orderBy('id')
    .execute();
  const spec = kindSpecs[kind];
  return rows.flatMap((r) => {
    const roles = JSON.parse(r.roles) as string[];
    const sites = JSON.parse(r.site_ids) as string[];
    const inAudience =
      spec.audience === 'responsible'
        ? roles.includes('responsible') && (siteId === null || sites.includes(siteId))
        : roles.includes('auditor') || roles.includes('admin');
    const chosen = r.notification_kinds === null ? null : (JSON.parse(r.notification_kinds) as string[]);
    return inAudience && r.email && receives(chosen, kind) ? [{ id: r.id, email: r.email }] : [];
  });
}
