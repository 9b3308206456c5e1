import { isPastRetention } from './footage.js';
import { NO_CAMERA, type TimeWindow, VMS_ACTIONS, type VmsEvents } from './model.js';
import {
  type CameraNames,
  type Interner,
  NO_MATCH,
  type StaffNames,
  UNRESOLVED,
  VmsUserNames,
} from './names.js';

const PLAYBACK = VMS_ACTIONS.indexOf('playback');
const EXPORT = VMS_ACTIONS.indexOf('export');
const LIVE = VMS_ACTIONS.indexOf('live');
/** A text not yet resolved to a name index. */
const UNSEEN = -1;

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

export function prepareEvents(events: VmsEvents, resolvers: EventResolvers): PreparedEvents {
  const { window, sites, staffNames, cameraNames, retentionMs } = resolvers;
  const { count: n, occurredAt: time, texts } = events;
  const site = new Int32Array(n);
  const name = new Int32Array(n);
  const camera = new Int32Array(n);
  const group = new Float64Array(n);
  const candidates = new Uint32Array(n);
  const siteHasEvents = new Uint8Array(sites.size);
  const userNames = new VmsUserNames(staffNames);
  const unmappedVmsUsers = new Set<string>();
  const unmappedCameraNames = new Set<string>();
  const pastRetention: number[] = [];
  const siteOfCamera = cameraNames.siteOf.map((siteId) => sites.find(siteId));
  // Each distinct text is resolved once: as a site up front (a map lookup), as a user or a
  // camera name on first use.
  const scopeSiteOf = texts.map((text) => sites.find(text));
  const nameOf = new Int32Array(texts.length).fill(UNSEEN);
  const camerasOf: (readonly number[] | null)[] = [];
  let sessionEvents = 0;

  for (let i = 0; i < n; i++) {
    const importSite = events.importSiteId[i]!;
    const cameraText = events.cameraName[i]!;
    // An event naming a camera belongs to that camera's site; one naming none, or a name
    // we cannot resolve, belongs to its import's site (R6).
    let cam: number = NO_MATCH;
    if (cameraText !== NO_CAMERA) {
      if (camerasOf[cameraText] === undefined)
        camerasOf[cameraText] = cameraNames.candidates(texts[cameraText]!);
      cam = cameraNames.pick(camerasOf[cameraText]!, texts[importSite]!);
    }
    const s = cam >= 0 ? (siteOfCamera[cam] ?? NO_MATCH) : scopeSiteOf[importSite]!;
    site[i] = s;
    camera[i] = cam >= 0 ? cam : NO_MATCH;
    if (s === NO_MATCH) continue;
    const userText = events.vmsUser[i]!;
    if (nameOf[userText] === UNSEEN) nameOf[userText] = userNames.indexOf(texts[userText]!);
    const nameIndex = nameOf[userText]!;
    name[i] = nameIndex;

    const action = events.action[i]!;
    if (time[i]! >= window.from && time[i]! < window.to) {
      siteHasEvents[s] = 1;
      // Unmapped names are kept and reported, never dropped (R6).
      if (cam === UNRESOLVED) unmappedCameraNames.add(texts[cameraText]!);
      if (userNames.userOf[nameIndex]! < 0) unmappedVmsUsers.add(texts[userText]!);
      // Checked here, in the one pass over the events. Live views show no recording.
      if (action !== LIVE && isPastRetention(events, i, retentionMs)) pastRetention.push(i);
    }
    if (action === PLAYBACK || action === EXPORT) {
      group[i] = (nameIndex * sites.size + s) * 2 + (action === EXPORT ? 1 : 0);
      candidates[sessionEvents++] = i;
    }
  }

  const id = events.id;
  const sessionOrder = candidates.subarray(0, sessionEvents);
  sessionOrder.sort((a, b) => group[a]! - group[b]! || time[a]! - time[b]! || compareAsText(id[a]!, id[b]!));
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
 * Events at the same time are ordered by id as text (`'10' < '9'`), as when ids were strings,
 * so that the ids in findings keep their order; a string is made only for such ties.
 */
function compareAsText(a: number, b: number): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
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
