import { isResponsibleFor, type Role } from '../auth/index.js';
import type { Executor } from '../db/index.js';
import { conflict, invalid, notFound, ruleViolated } from '../errors.js';
import { heldRightAt } from './rights.js';
import { compareTypedTime } from './typed-time.js';

/**
 * The values of an entry that the rules look at, as effective after amendments. Times are
 * ISO-8601 as the person typed them (or as the service stamped them), so that each is
 * compared at the precision it was given.
 */
export interface EntryFacts {
  siteId: string;
  viewerId: string;
  viewedAt: string;
  viewedUntil: string | null;
  cameraIds: readonly string[];
  footageFrom: string;
  footageTo: string;
  decidedByUserId: string | null;
  decidedByName: string;
  requestId: string | null;
}

export interface RuleSettings {
  retentionHours: number;
  /** Clock skew allowed between a client's "now" and ours. */
  skewMs: number;
}

/**
 * The rules an entry recorded in the service must satisfy at the moment it is written
 * (R1 R3 R7 R13). Each failure names the field and cites the rule. Imported historical
 * entries skip these (issue 7): they describe viewings made before the service existed.
 */
export async function checkEntryRules(
  db: Executor,
  e: EntryFacts,
  now: Date,
  s: RuleSettings,
): Promise<void> {
  const nowPlusSkew = new Date(now.getTime() + s.skewMs).toISOString();
  if (compareTypedTime(e.viewedAt, nowPlusSkew) > 0)
    throw ruleViolated('R7', 'viewedAt', 'the viewing time cannot be in the future');
  if (e.viewedUntil !== null) {
    if (compareTypedTime(e.viewedUntil, e.viewedAt) < 0)
      throw ruleViolated('R7', 'viewedUntil', 'the viewing cannot end before it started');
    if (compareTypedTime(e.viewedUntil, nowPlusSkew) > 0)
      throw ruleViolated('R7', 'viewedUntil', 'the viewing end cannot be in the future');
  }
  if (compareTypedTime(e.footageFrom, e.footageTo) > 0)
    throw ruleViolated('R7', 'footageFrom', 'footage must start before it ends');
  if (compareTypedTime(e.footageTo, e.viewedAt) > 0)
    throw ruleViolated('R7', 'footageTo', 'footage cannot be later than the viewing');

  const cameras = await db
    .selectFrom('cameras')
    .select(['id', 'site_id'])
    .where('id', 'in', [...e.cameraIds])
    .execute();
  e.cameraIds.forEach((id, i) => {
    const camera = cameras.find((c) => c.id === id);
    if (!camera) throw invalid(`cameraIds.${i}`, `unknown camera ${id}`);
    if (camera.site_id !== e.siteId)
      throw ruleViolated('R7', `cameraIds.${i}`, 'the camera is not at the entry’s site');
  });

  if (!(await heldRightAt(db, e.viewerId, e.siteId, e.viewedAt))) {
    throw ruleViolated('R3', 'viewerId', 'the viewer held no viewing right for the site at the viewing time');
  }

  const viewer = await db
    .selectFrom('users')
    .select(['roles', 'site_ids', 'display_name'])
    .where('id', '=', e.viewerId)
    .executeTakeFirstOrThrow();
  const viewerIsResponsible = isResponsibleFor(
    { roles: JSON.parse(viewer.roles) as Role[], siteIds: JSON.parse(viewer.site_ids) as string[] },
    e.siteId,
  );
  const selfDecided =
    e.decidedByUserId === e.viewerId ||
    e.decidedByName.trim().toLowerCase() === viewer.display_name.trim().toLowerCase();
  if (selfDecided && !viewerIsResponsible) {
    throw ruleViolated(
      'R13',
      'decidedBy',
      'a viewer cannot decide their own viewing; name the person who decided',
    );
  }

  const footageAgeHours = (Date.parse(e.viewedAt) - Date.parse(e.footageFrom)) / 3_600_000;
  if (footageAgeHours > s.retentionHours && e.requestId === null) {
    throw ruleViolated(
      'R1',
      'footageFrom',
      `footage older than ${s.retentionHours} h at viewing time no longer exists in the camera system; only a copy made for an accepted request can be viewed (give requestId)`,
    );
  }
  if (e.requestId !== null) await checkRequestForViewing(db, e.requestId, e.siteId);
}

/** R7 item 6: a viewing may name only an accepted outside request of the same site. */
async function checkRequestForViewing(db: Executor, requestId: string, siteId: string) {
  const request = await db
    .selectFrom('requests as r')
    .leftJoin('request_decisions as d', 'd.request_id', 'r.id')
    .select(['r.site_id', 'd.decision'])
    .where('r.id', '=', requestId)
    .executeTakeFirst();
  if (!request) throw notFound('request', 'requestId');
  if (request.site_id !== siteId) throw invalid('requestId', 'the request is for another site');
  if (request.decision !== 'accepted') {
    const state = request.decision ?? 'not decided';
    throw conflict(
      `R7: the request is ${state}; only an accepted request can lead to a viewing`,
      'requestId',
    );
  }
}
