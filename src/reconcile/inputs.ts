import type { Executor } from '../db/index.js';
import { amendmentsOf, applyAmendments } from '../protocol/index.js';
import type {
  CameraRef,
  CopyRecord,
  LedgerEntry,
  StaffMember,
  TimeWindow,
  ViewingRight,
  VmsEvent,
  VmsImportSpan,
} from './model.js';
import type { ReconcileLoadRanges } from './time.js';
import { epochMsToIso, isoToEpochMs } from './time.js';

const eventSliceMs = 86_400_000;

/**
 * Loads from the database what one reconciliation run needs (the ranges come from
 * `reconcileLoadRanges`) and shapes it as the engine's plain input. Entries are read as
 * they stand after their amendments.
 */
export async function loadReconcileInputs(db: Executor, siteIds: readonly string[], r: ReconcileLoadRanges) {
  const iso = epochMsToIso;
  const sites = [...siteIds];
  if (sites.length === 0) {
    return { staff: [], cameras: [], rights: [], entries: [], events: [], imports: [], copies: [] };
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
      .select(['r.user_id', 'r.site_id', 'r.valid_from', 'v.effective_at'])
      .where('r.site_id', 'in', sites)
      .execute()
  ).map((x) => ({
    userId: x.user_id,
    siteId: x.site_id,
    validFrom: isoToEpochMs(x.valid_from),
    validUntil: x.effective_at ? isoToEpochMs(x.effective_at) : null,
  }));

  const entries = await loadEntries(db, sites, r.entries);

  const events: VmsEvent[] = [];
  // Read a day at a time: a month of a busy site is a million rows, and holding the raw rows
  // and the engine's objects side by side would double the peak memory.
  for (let sliceFrom = r.events.from; sliceFrom < r.events.to; sliceFrom += eventSliceMs) {
    const sliceTo = Math.min(sliceFrom + eventSliceMs, r.events.to);
    const rows = await db
      .selectFrom('vms_events as e')
      .innerJoin('vms_imports as i', 'i.id', 'e.import_id')
      .select([
        'e.id',
        'e.import_id',
        'i.site_id as import_site_id',
        'e.occurred_at',
        'e.vms_user',
        'e.camera_name',
        'e.action',
        'e.footage_from',
        'e.footage_to',
      ])
      .where('e.site_id', 'in', sites)
      .where('e.occurred_at', '>=', iso(sliceFrom))
      .where('e.occurred_at', '<', iso(sliceTo))
      .execute();
    for (const e of rows) {
      events.push({
        id: String(e.id),
        importId: e.import_id,
        importSiteId: e.import_site_id,
        occurredAt: isoToEpochMs(e.occurred_at),
        vmsUser: e.vms_user,
        cameraName: e.camera_name,
        action: e.action as VmsEvent['action'],
        footageFrom: e.footage_from ? isoToEpochMs(e.footage_from) : null,
        footageTo: e.footage_to ? isoToEpochMs(e.footage_to) : null,
      });
    }
  }

  const imports: VmsImportSpan[] = (
    await db
      .selectFrom('vms_imports')
      .select(['id', 'site_id', 'first_event_at', 'last_event_at'])
      .where('site_id', 'in', sites)
      .where('first_event_at', 'is not', null)
      .where('first_event_at', '<', iso(r.events.to))
      .where('last_event_at', '>=', iso(r.events.from))
      .execute()
  ).map((i) => ({
    id: i.id,
    siteId: i.site_id,
    from: isoToEpochMs(i.first_event_at!),
    to: isoToEpochMs(i.last_event_at!),
  }));

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
 * their amendments. Only the columns the engine matches on are read: the protocol's other
 * items (description, grounds, justification …) would cost more to load than the matching.
 */
async function loadEntries(db: Executor, sites: string[], range: TimeWindow): Promise<LedgerEntry[]> {
  const rows = await db
    .selectFrom('viewings')
    .select([
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
    ])
    .where('site_id', 'in', sites)
    .where('viewed_at', '>=', epochMsToIso(range.from))
    .where('viewed_at', '<', epochMsToIso(range.to))
    .execute();
  const amendments = await amendmentsOf(
    db,
    rows.map((row) => row.id),
  );
  const entries: LedgerEntry[] = [];
  for (const row of rows) {
    // Imported historical entries may name a viewer who is not a user: nothing to match.
    // Viewer, site and lateness are never amended.
    if (!row.viewer_id) continue;
    const v = applyAmendments(
      {
        viewedAt: row.viewed_at,
        viewedUntil: row.viewed_until,
        cameraIds: JSON.parse(row.camera_ids) as string[],
        footageFrom: row.footage_from,
        footageTo: row.footage_to,
        footageTimeEstimated: row.footage_time_estimated === 1,
      },
      amendments.get(row.id) ?? [],
    );
    entries.push({
      id: row.id,
      viewerId: row.viewer_id,
      siteId: row.site_id,
      cameraIds: v.cameraIds,
      viewedAt: isoToEpochMs(v.viewedAt),
      viewedUntil: v.viewedUntil ? isoToEpochMs(v.viewedUntil) : null,
      footageFrom: isoToEpochMs(v.footageFrom),
      footageTo: isoToEpochMs(v.footageTo),
      footageTimeEstimated: v.footageTimeEstimated,
      late: row.late === 1,
    });
  }
  return entries;
}
