import { isResponsibleFor, listResponsibleFor, type Principal, userNames } from '../auth/index.js';
import type { Executor } from '../db/index.js';
import { listRights } from '../protocol/index.js';
import { listRequests, type OutsideRequest, type RequestSettings } from '../requests/index.js';
import { type Camera, listCameras, listSites, type Site } from '../sites/index.js';

/** What the viewing form offers to choose from, all within the person's own sites. */
export interface ViewingFormOptions {
  sites: Site[];
  cameras: Camera[];
  /** R13: the sites' responsible persons; a plain viewer is not offered as their own decider. */
  deciders: { id: string; displayName: string; siteIds: string[] }[];
  /** R7 item 6: accepted outside requests the viewing may answer. */
  requests: OutsideRequest[];
  /** For a responsible person: whom they may log on behalf of (R4); empty for others. */
  viewers: { id: string; name: string }[];
}

/**
 * A deactivated camera is not offered for a new entry; one the entry being corrected already
 * names (`keepCameraIds`) still is, so that correcting another field does not drop it.
 */
export async function viewingFormOptions(
  db: Executor,
  me: Principal,
  now: Date,
  requestSettings: RequestSettings,
  keepCameraIds: readonly string[] = [],
): Promise<ViewingFormOptions> {
  const siteIds = me.siteIds;
  const [sites, allCameras, deciders, requests] = await Promise.all([
    listSites(db, siteIds),
    listCameras(db, { siteIds }),
    listResponsibleFor(db, siteIds),
    listRequests(db, me, { status: 'accepted' }, now, requestSettings),
  ]);
  const cameras = allCameras.filter((c) => c.deactivatedAt === null || keepCameraIds.includes(c.id));
  const responsibleSites = siteIds.filter((s) => isResponsibleFor(me, s));
  let viewers: { id: string; name: string }[] = [];
  if (responsibleSites.length > 0) {
    const rights = await listRights(db, { siteIds: responsibleSites, activeAt: now.toISOString() });
    const names = await userNames(db, [me.id, ...rights.map((r) => r.userId)]);
    viewers = [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  }
  const plainViewer = !me.roles.includes('responsible');
  return {
    sites,
    cameras,
    deciders: plainViewer ? deciders.filter((d) => d.id !== me.id) : deciders,
    requests: requests.filter((r) => siteIds.includes(r.siteId)),
    viewers,
  };
}
