import { isPastRetention } from './footage.js';
import type { TimeWindow, VmsEvent } from './model.js';
import {
  type CameraNames,
  type Interner,
  NO_MATCH,
  type StaffNames,
  UNRESOLVED,
  VmsUserNames,
} from './names.js';

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
  /** Events in scope and window, not live, showing footage older than R1 allows. */
  readonly pastRetention: readonly number[];
}

export interface EventResolvers {
  readonly window: TimeWindow;
  readonly sites: Interner;
  readonly staffNames: StaffNames;
  readonly cameraNames: CameraNames;
  readonly retentionMs: number;
}

export function prepareEvents(events: readonly VmsEvent[], resolvers: EventResolvers): PreparedEvents {
  const { window, sites, staffNames, cameraNames, retentionMs } = resolvers;
  const n = events.length;
  const site = new Int32Array(n);
  const name = new Int32Array(n);
  const camera = new Int32Array(n);
  const time = new Float64Array(n);
  const group = new Float64Array(n);
  const candidates = new Uint32Array(n);
  const siteHasEvents = new Uint8Array(sites.size);
  const userNames = new VmsUserNames(staffNames);
  const unmappedVmsUsers = new Set<string>();
  const unmappedCameraNames = new Set<string>();
  const pastRetention: number[] = [];
  const siteOfCamera = cameraNames.siteOf.map((siteId) => sites.find(siteId));
  let sessionEvents = 0;

  for (let i = 0; i < n; i++) {
    const event = events[i]!;
    time[i] = event.occurredAt;
    // An event naming a camera belongs to that camera's site; one naming none, or a name
    // we cannot resolve, belongs to its import's site (R6, issue 6).
    const cam = cameraNames.resolve(event.cameraName, event.importSiteId);
    const s = cam >= 0 ? (siteOfCamera[cam] ?? NO_MATCH) : sites.find(event.importSiteId);
    site[i] = s;
    camera[i] = cam >= 0 ? cam : NO_MATCH;
    if (s === NO_MATCH) continue;
    const nameIndex = userNames.indexOf(event.vmsUser);
    name[i] = nameIndex;

    if (event.occurredAt >= window.from && event.occurredAt < window.to) {
      siteHasEvents[s] = 1;
      // Unmapped names are kept and reported, never dropped (issue 6).
      if (cam === UNRESOLVED) unmappedCameraNames.add(event.cameraName!);
      if (userNames.userOf[nameIndex]! < 0) unmappedVmsUsers.add(event.vmsUser);
      // Checked here, in the one pass over the event objects. Live views show no recording.
      if (event.action !== 'live' && isPastRetention(event, retentionMs)) pastRetention.push(i);
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
    nameUser: userNames.userOf,
    names: userNames.names,
    sessionOrder,
    siteHasEvents,
    unmappedVmsUsers,
    unmappedCameraNames,
    pastRetention,
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
