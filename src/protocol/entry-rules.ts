import { isResponsibleFor, type Role } from '../auth/index.js';
import type { Executor } from '../db/index.js';
import { notFound, refuse, ruleViolated } from '../errors.js';
import { compareTypedTime, isInFuture, utc } from '../time.js';
import { heldRightAt } from './rights.js';

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
  /** R1: hours the camera system keeps footage. */
  retentionHours: number;
}

/**
 * The rules on an entry's times alone (R1 R7): pure, so that a test can stand on any
 * instant. `now` is the service's clock when the entry is written.
 */
export function checkEntryTimes(e: EntryFacts, now: Date, s: RuleSettings): void {
  if (isInFuture(utc(e.viewedAt), now))
    throw ruleViolated('viewing_in_future', 'viewedAt', 'the viewing time cannot be in the future');
  if (e.viewedUntil !== null) {
    if (compareTypedTime(e.viewedUntil, e.viewedAt) < 0)
      throw ruleViolated(
        'viewing_ends_before_start',
        'viewedUntil',
        'the viewing cannot end before it started',
      );
    if (isInFuture(utc(e.viewedUntil), now))
      throw ruleViolated('viewing_in_future', 'viewedUntil', 'the viewing end cannot be in the future');
  }
  if (compareTypedTime(e.footageFrom, e.footageTo) > 0)
    throw ruleViolated('footage_reversed', 'footageFrom', 'footage must start before it ends');
  if (compareTypedTime(e.footageTo, e.viewedAt) > 0)
    throw ruleViolated('footage_after_viewing', 'footageTo', 'footage cannot be later than the viewing');
  // R1: the camera system deletes footage after the retention period, so older footage can only
  // have been viewed from a copy made for an accepted outside request.
  const footageAgeHours = (Date.parse(e.viewedAt) - Date.parse(e.footageFrom)) / 3_600_000;
  if (footageAgeHours > s.retentionHours && e.requestId === null) {
    throw ruleViolated(
      'footage_past_retention',
      'footageFrom',
      `footage older than ${s.retentionHours} h at viewing time no longer exists in the camera system; only a copy made for an accepted request can be viewed (give requestId)`,
      { hours: s.retentionHours },
    );
  }
}

/**
 * The rules an entry recorded in the service must satisfy at the moment it is written
 * (R1 R3 R7 R13): its times, then what the database knows. Each failure names the field and
 * cites the rule. Imported historical entries skip these: they describe viewings made before
 * the service existed.
 */
export async function checkEntryRules(
  db: Executor,
  e: EntryFacts,
  now: Date,
  s: RuleSettings,
): Promise<void> {
  checkEntryTimes(e, now, s);

  const cameras = await db
    .selectFrom('cameras')
    .select(['id', 'site_id'])
    .where('id', 'in', [...e.cameraIds])
    .execute();
  e.cameraIds.forEach((id, i) => {
    const camera = cameras.find((c) => c.id === id);
    if (!camera) throw refuse('unknown_camera', `unknown camera ${id}`, `cameraIds.${i}`);
    if (camera.site_id !== e.siteId)
      throw ruleViolated('camera_not_at_site', `cameraIds.${i}`, 'the camera is not at the entry’s site');
  });

  if (!(await heldRightAt(db, e.viewerId, e.siteId, e.viewedAt))) {
    throw ruleViolated(
      'right_missing',
      'viewerId',
      'the viewer held no viewing right for the site at the viewing time',
    );
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
      'self_decision',
      'decidedBy',
      'a viewer cannot decide their own viewing; name the person who decided',
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
  if (request.site_id !== siteId)
    throw refuse('request_other_site', 'the request is for another site', 'requestId');
  if (request.decision !== 'accepted') {
    const state = request.decision ?? 'not decided';
    throw ruleViolated(
      'request_not_accepted',
      'requestId',
      `the request is ${state}; only an accepted request can lead to a viewing`,
      { state },
    );
  }
}
