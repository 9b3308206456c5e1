import { isResponsibleFor, listUsers, type Principal, readableSites } from '../auth/index.js';
import type { Executor } from '../db/index.js';
import { listSites, type Site } from '../sites/index.js';

/** What the rights pages offer to choose from, within the reader's own sites. */
export interface RightsOptions {
  /** Sites whose rights the person may read: an auditor's all, a responsible person's own. */
  sites: Site[];
  /** R3: the sites where the person grants and revokes (responsible for them). */
  grantSites: Site[];
  /** Active staff of those sites: who may be granted a right or looked up. */
  people: { id: string; name: string }[];
}

export async function rightsOptions(db: Executor, me: Principal): Promise<RightsOptions> {
  const readable = readableSites(me);
  const sites = await listSites(
    db,
    readable === 'all' ? undefined : readable.filter((s) => isResponsibleFor(me, s)),
  );
  const siteIds = sites.map((s) => s.id);
  const users = await listUsers(db);
  const people = users
    .filter(
      (u) =>
        !u.disabled &&
        u.roles.some((r) => r === 'viewer' || r === 'responsible') &&
        u.siteIds.some((s) => siteIds.includes(s)),
    )
    .map((u) => ({ id: u.id, name: u.displayName }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { sites, grantSites: sites.filter((s) => isResponsibleFor(me, s.id)), people };
}
