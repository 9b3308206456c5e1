import type { TimeWindow, VmsEvent } from './model.js';
import { type CameraNames, Interner, NO_MATCH, normalizeVmsName, type StaffNames } from './names.js';

/**
 * The imported events resolved once into typed arrays, so that sorting and sweeping a
 * million of them allocates per distinct name, not per event.
 */
export interface PreparedEvents {
  /** Scope site index of each event, `NO_MATCH` when its site is out of scope. */
  readonly site: Int32Array;
  /** Normalized VMS user name index of each event. */
  readonly name: Int32Array;
  /** Camera index of each event, `NO_MATCH` when it names none or an unmapped one. */
  readonly camera: Int32Array;
  readonly time: Float64Array;
  /** Per name index: user index, `NO_MATCH` or `AMBIGUOUS`. */
  readonly nameUser: readonly number[];
  /** Per name index: the normalized name. */
  readonly names: readonly string[];
  /** Playback and export events in scope, sorted by (user, site, action), time, id. */
  readonly sessionOrder: Uint32Array;
  /** Per event: the session group of playback and export events. */
  readonly group: Float64Array;
  /** Per scope site: 1 when an event in the window belongs to it. */
  readonly siteHasEvents: Uint8Array;
  readonly unmappedVmsUsers: ReadonlySet<string>;
  readonly unmappedCameraNames: ReadonlySet<string>;
}

export interface EventResolvers {
  readonly window: TimeWindow;
  readonly sites: Interner;
  readonly staffNames: StaffNames;
  readonly cameraNames: CameraNames;
}

export function prepareEvents(events: readonly VmsEvent[], resolvers: EventResolvers): PreparedEvents {
  const { window, sites, staffNames, cameraNames } = resolvers;
  const n = events.length;
  const site = new Int32Array(n);
  const name = new Int32Array(n);
  const camera = new Int32Array(n);
  const time = new Float64Array(n);
  const group = new Float64Array(n);
  const candidates = new Uint32Array(n);
  const siteHasEvents = new Uint8Array(sites.size);
  const names = new Interner();
  const nameUser: number[] = [];
  const nameOfRaw = new Map<string, number>();
  const unmappedVmsUsers = new Set<string>();
  const unmappedCameraNames = new Set<string>();
  const siteOfCamera = cameraNames.siteOf.map((siteId) => sites.find(siteId));
  let sessionEvents = 0;

  for (let i = 0; i < n; i++) {
    const event = events[i]!;
    time[i] = event.occurredAt;
    const inWindow = event.occurredAt >= window.from && event.occurredAt < window.to;

    // An event naming a camera belongs to that camera's site; one naming none, or a name
    // we cannot resolve, belongs to its import's site (R6, issue 6).
    let cam = NO_MATCH;
    let unmapped = false;
    const found = event.cameraName === null ? null : cameraNames.candidates(event.cameraName);
    if (found !== null) {
      cam = found.length === 1 ? found[0]! : cameraNames.pickAtSite(found, event.importSiteId);
      unmapped = cam === NO_MATCH;
    }
    const s = cam === NO_MATCH ? sites.find(event.importSiteId) : (siteOfCamera[cam] ?? NO_MATCH);
    site[i] = s;
    camera[i] = cam;
    if (s === NO_MATCH) continue;

    let nameIndex = nameOfRaw.get(event.vmsUser);
    if (nameIndex === undefined) {
      const normalized = normalizeVmsName(event.vmsUser);
      nameIndex = names.intern(normalized);
      nameUser[nameIndex] = staffNames.userOf(normalized);
      nameOfRaw.set(event.vmsUser, nameIndex);
    }
    name[i] = nameIndex;

    if (inWindow) {
      siteHasEvents[s] = 1;
      // Unmapped names are kept and reported, never dropped (issue 6).
      if (unmapped && event.cameraName !== null) unmappedCameraNames.add(event.cameraName);
      if ((nameUser[nameIndex] ?? NO_MATCH) < 0) unmappedVmsUsers.add(event.vmsUser);
    }
    if (event.action === 'playback' || event.action === 'export') {
      group[i] = (nameIndex * sites.size + s) * 2 + (event.action === 'export' ? 1 : 0);
      candidates[sessionEvents++] = i;
    }
  }

  const sessionOrder = candidates.subarray(0, sessionEvents);
  sessionOrder.sort(
    (a, b) =>
      group[a]! - group[b]! ||
      time[a]! - time[b]! ||
      (events[a]!.id < events[b]!.id ? -1 : events[a]!.id > events[b]!.id ? 1 : 0),
  );
  return {
    site,
    name,
    camera,
    time,
    group,
    nameUser,
    names: names.values,
    sessionOrder,
    siteHasEvents,
    unmappedVmsUsers,
    unmappedCameraNames,
  };
}

/**
 * R6 sessions: events of one group (VMS user, site, playback or export), each within
 * `sessionGap` of the previous, inclusive — 10 min exactly still continues the session.
 * Calls `visit(start, end)` with the session's slice `[start, end)` of `sessionOrder`.
 */
export function forEachSession(
  prepared: PreparedEvents,
  sessionGapMs: number,
  visit: (start: number, end: number) => void,
): void {
  const { sessionOrder: order, group, time } = prepared;
  let i = 0;
  while (i < order.length) {
    const start = i;
    const g = group[order[i]!]!;
    let last = time[order[i]!]!;
    i++;
    while (i < order.length) {
      const next = order[i]!;
      if (group[next] !== g || time[next]! - last > sessionGapMs) break;
      last = time[next]!;
      i++;
    }
    visit(start, i);
  }
}
