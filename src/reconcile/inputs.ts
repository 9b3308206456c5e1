import { type Executor, selectArrays } from '../db/index.js';
import { amendmentsOf, applyAmendments } from '../protocol/index.js';
import type { CameraRef, CopyRecord, LedgerEntry, StaffMember, TimeWindow, ViewingRight } from './model.js';
import { Interner } from './names.js';
import type { ReconcileLoadRanges } from './time.js';
import { epochMsToIso, isoToEpochMs } from './time.js';
import { noVmsEvents } from './vms-events.js';
import { loadVmsInputs } from './vms-inputs.js';

/**
 * Loads from the database what one reconciliation run needs (the ranges come from
 * `reconcileLoadRanges`) and shapes it as the engine's plain input. Entries are read as
 * they stand after their amendments.
 */
export async function loadReconcileInputs(db: Executor, siteIds: readonly string[], r: ReconcileLoadRanges) {
  const iso = epochMsToIso;
  const sites = [...siteIds];
  if (sites.length === 0) {
    return {
      staff: [],
      cameras: [],
      rights: [],
      entries: [],
      events: noVmsEvents(),
      imports: [],
      copies: [],
    };
  }

  const staff: StaffMember[] = (await db.selectFrom('users').select(['id', 'vms_usernames']).execute()).map(
    (u) => ({
      userId: u.id,
      vmsUsernames: JSON.parse(u.vms_usernames) as string[],
    }),
  );

  const cameras: CameraRef[] = (
    await db.selectFrom('cameras').select(['id', 'site_id', 'vms_names']).execute()
  ).map((c) => ({
    cameraId: c.id,
    siteId: c.site_id,
    vmsNames: JSON.parse(c.vms_names) as string[],
  }));

  const rights: ViewingRight[] = (
    await db
      .selectFrom('viewing_rights as r')
      .leftJoin('viewing_right_revocations as v', 'v.right_id', 'r.id')
      .leftJoin('viewing_right_reasons as n', 'n.right_id', 'r.id')
      .leftJoin('viewing_right_confirmations as c', 'c.right_id', 'r.id')
      .select(['r.user_id', 'r.site_id', 'r.valid_from', 'v.effective_at', 'n.needs_confirmation'])
      .select('c.confirmed_at')
      .where('r.site_id', 'in', sites)
      .execute()
  )
    // R3: a self-grant awaiting confirmation is no right yet; once confirmed, a right from then.
    .filter((x) => x.needs_confirmation !== 1 || x.confirmed_at !== null)
    .map((x) => ({
      userId: x.user_id,
      siteId: x.site_id,
      validFrom: isoToEpochMs(
        x.needs_confirmation === 1 && x.confirmed_at && x.confirmed_at > x.valid_from
          ? x.confirmed_at
          : x.valid_from,
      ),
      validUntil: x.effective_at ? isoToEpochMs(x.effective_at) : null,
    }));

  const entries = await loadEntries(db, sites, r.entries);

  const { events, imports } = await loadVmsInputs(db, sites, r.events);

  const copyRows = await db
    .selectFrom('copies as c')
    .innerJoin('requests as q', 'q.id', 'c.request_id')
    .leftJoin('copy_deliveries as d', 'd.copy_id', 'c.id')
    .leftJoin('copy_destructions as x', 'x.copy_id', 'c.id')
    .select([
      'c.id',
      'c.site_id',
      'c.request_id',
      'q.site_id as request_site_id',
      'c.made_by',
      'c.made_at',
      'd.delivered_at',
      'x.destroyed_at',
    ])
    .where('c.site_id', 'in', sites)
    .where((eb) =>
      eb.or([
        eb.and([eb('c.made_at', '>=', iso(r.copiesMade.from)), eb('c.made_at', '<', iso(r.copiesMade.to))]),
        eb.and([
          eb('d.delivered_at', '<', iso(r.copiesDeliveredBefore)),
          eb.or([eb('x.destroyed_at', 'is', null), eb('x.destroyed_at', '>', iso(r.copiesUndestroyedAt))]),
        ]),
      ]),
    )
    .execute();
  const copies: CopyRecord[] = copyRows.map((c) => ({
    id: c.id,
    siteId: c.site_id,
    requestId: c.request_id,
    requestSiteId: c.request_site_id,
    madeBy: c.made_by,
    madeAt: isoToEpochMs(c.made_at),
    deliveredAt: c.delivered_at ? isoToEpochMs(c.delivered_at) : null,
    destroyedAt: c.destroyed_at ? isoToEpochMs(c.destroyed_at) : null,
  }));

  return { staff, cameras, rights, entries, events, imports, copies };
}

/**
 * Ledger entries whose `viewedAt` (as first recorded) lies in the range, as they stand after
 * their amendments, void ones left out. Only the columns the engine matches on are read: the protocol's other
 * items (description, grounds, justification …) would cost more to load than the matching.
 */
async function loadEntries(db: Executor, sites: string[], range: TimeWindow): Promise<LedgerEntry[]> {
  const columns = [
    'id',
    'viewer_id',
    'site_id',
    'camera_ids',
    'viewed_at',
    'viewed_until',
    'footage_from',
    'footage_to',
    'footage_time_estimated',
    'late',
  ] as const;
  const query = db
    .selectFrom('viewings')
    .select(columns)
    .where('site_id', 'in', sites)
    .where('viewed_at', '>=', epochMsToIso(range.from))
    .where('viewed_at', '<', epochMsToIso(range.to))
    // R4: a void entry stays in the ledger but covers nothing.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom('viewing_voids').select('viewing_id').whereRef('viewing_id', '=', 'viewings.id')),
      ),
    );
  const rows = await selectArrays(db, query, columns);
  const amendments = await amendmentsOf(
    db,
    rows.map(([id]) => id),
  );
  const strings = new Interner();
  const share = (text: string) => strings.shared(text);
  // Entries name the same few cameras: one parsed list per distinct `camera_ids` text.
  const cameraLists = new Map<string, string[]>();
  const cameraIdsOf = (json: string) => {
    let ids = cameraLists.get(json);
    if (ids === undefined) {
      ids = (JSON.parse(json) as string[]).map(share);
      cameraLists.set(json, ids);
    }
    return ids;
  };
  const entries: LedgerEntry[] = [];
  for (const [
    id,
    viewerId,
    siteId,
    cameraIds,
    viewedAt,
    viewedUntil,
    footageFrom,
    footageTo,
    estimated,
    late,
  ] of rows) {
    // Imported historical entries may name a viewer who is not a user: nothing to match.
    // Viewer, site and lateness are never amended.
    if (!viewerId) continue;
    const v = applyAmendments(
      {
        viewedAt,
        viewedUntil,
        cameraIds: cameraIdsOf(cameraIds),
        footageFrom,
        footageTo,
        footageTimeEstimated: estimated === 1,
      },
      amendments.get(id) ?? [],
    );
    entries.push({
      id,
      viewerId: share(viewerId),
      siteId: share(siteId),
      cameraIds: v.cameraIds,
      viewedAt: isoToEpochMs(v.viewedAt),
      viewedUntil: v.viewedUntil ? isoToEpochMs(v.viewedUntil) : null,
      footageFrom: isoToEpochMs(v.footageFrom),
      footageTo: isoToEpochMs(v.footageTo),
      footageTimeEstimated: v.footageTimeEstimated,
      late: late === 1,
    });
  }
  return entries;
}
