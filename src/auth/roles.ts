import { z } from 'zod';

export const roleValues = ['viewer', 'responsible', 'auditor', 'admin', 'integration'] as const;
export const roleSchema = z.enum(roleValues);
export type Role = z.infer<typeof roleSchema>;

/** Who is calling, loaded afresh on every request so a disable or role change bites at once. */
export interface Principal {
  id: string;
  username: string;
  displayName: string;
  roles: readonly Role[];
  /** Sites the viewer and responsible roles apply to. */
  siteIds: readonly string[];
  mustChangePassword: boolean;
}

export const hasRole = (p: Principal, ...roles: Role[]) => roles.some((r) => p.roles.includes(r));

/** R3: the responsible person of a site grants rights and handles its requests. */
export const isResponsibleFor = (p: Pick<Principal, 'roles' | 'siteIds'>, siteId: string) =>
  p.roles.includes('responsible') && p.siteIds.includes(siteId);

/** Sites whose ledger the principal may read: all for auditors, else their scoped sites. */
export function readableSites(p: Principal): 'all' | readonly string[] {
  if (p.roles.includes('auditor')) return 'all';
  return p.roles.includes('viewer') || p.roles.includes('responsible') ? p.siteIds : [];
}
