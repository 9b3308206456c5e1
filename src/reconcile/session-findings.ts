import type { CopyIndex } from './copies.js';
import type { EntryIndex, PreparedEntry } from './coverage.js';
import type { Finding, FindingKind } from './findings.js';
import { eventsOutsideFootage, footageEnd, footageStart } from './footage.js';
import { type TimeWindow, VMS_ACTIONS, type VmsEvents } from './model.js';
import { AMBIGUOUS, type Interner, type StaffNames } from './names.js';
import type { RightsIndex } from './rights.js';
import type { PreparedEvents } from './sessions.js';
import type { SettingsMs } from './settings.js';

export interface SessionContext {
  readonly window: TimeWindow;
  readonly ms: SettingsMs;
  readonly sites: Interner;
  readonly users: Interner;
  readonly cameras: Interner;
  readonly staffNames: StaffNames;
  readonly rawEvents: VmsEvents;
  readonly events: PreparedEvents;
  readonly entries: readonly PreparedEntry[];
  readonly entryIndex: EntryIndex;
  readonly rights: RightsIndex;
  readonly copies: CopyIndex;
  /** Per entry position: 1 once a session (playback or export) lies within its reach. */
  readonly covered: Uint8Array;
}

interface Who {
  readonly siteId: string;
  readonly vmsUser: string;
  readonly userId?: string;
  readonly from: number;
  readonly to: number;
}

/** Judges one session at a time: the findings of R6's first table (docs/rules.md), and unlogged_export. */
export class SessionJudge {
  playbackSessions = 0;
  exportSessions = 0;
  private stamp = 0;
  private readonly cameraStamp: Int32Array;

  constructor(private readonly ctx: SessionContext) {
    this.cameraStamp = new Int32Array(ctx.cameras.size);
  }

  /** The session `sessionOrder[start..end)`; findings go to `out`. */
  judge(start: number, end: number, out: Finding[]): void {
    const { events, rawEvents, entryIndex, covered } = this.ctx;
    const order = events.sessionOrder;
    const first = order[start]!;
    const site = events.site[first]!;
    const name = events.name[first]!;
    const user = events.nameUser[name]!;
    const from = events.time[first]!;
    const to = events.time[order[end - 1]!]!;
    const action = VMS_ACTIONS[rawEvents.action[first]!]!;

    // Coverage is computed for sessions outside the window too: they are evidence for the
    // window's entries (entry_without_evidence), even when not reported themselves. An
    // export implies viewing, so it is evidence as well.
    const covering = user >= 0 ? entryIndex.covering(user, site, from, to) : [];
    for (const position of covering) covered[position] = 1;
    if (!this.touchesWindow(start, end)) return;
    if (action === 'export') this.exportSessions++;
    else this.playbackSessions++;

    const userId = user >= 0 ? this.ctx.users.values[user] : undefined;
    const siteId = this.ctx.sites.values[site]!;
    const who: Who = {
      siteId,
      vmsUser: rawEvents.texts[rawEvents.vmsUser[first]!]!,
      from,
      to,
      ...(userId !== undefined ? { userId } : {}),
    };
    const all = (): string[] => this.eventIds(start, end);

    // At most one of the first three (R6). The first two apply to exports too: exporting
    // recordings is viewing them, and an export by an unknown or unentitled user is the worse
    // case, not the exempt one (an interpretation; the rule's table says "playback").
    if (user < 0) {
      const claimedBy = user === AMBIGUOUS ? this.ctx.staffNames.claimantsOf(events.names[name]!) : [];
      out.push(
        finding('unknown_vms_user', who, all(), [], {
          action,
          ...(claimedBy.length > 0 ? { claimedBy } : {}),
        }),
      );
    } else {
      // R3: checked at the session's start and, because a right revoked mid-session does not
      // let the viewing go on, at every later event of it.
      const lapse = this.ctx.rights.firstTimeWithout(user, site, events.time, order, start, end);
      if (lapse !== null) {
        out.push(finding('viewer_without_right', who, all(), [], { action, withoutRightAt: lapse }));
      } else if (action === 'playback' && covering.length === 0) {
        out.push(finding('unlogged_viewing', who, all(), [], {}));
      }
    }
    if (action === 'playback' && covering.length > 0) this.judgeCovered(who, covering, start, end, out);
    if (action === 'export') this.judgeExport(who, site, start, end, out);
  }

  private judgeCovered(who: Who, covering: number[], start: number, end: number, out: Finding[]): void {
    const { entries, rawEvents, events, cameras } = this.ctx;
    const entryIds = covering.map((position) => entries[position]!.entry.id);
    const mismatch = this.missingCameras(covering, start, end);
    if (mismatch !== null) {
      const missingCameraIds = mismatch.cameras.map((camera) => cameras.values[camera]!).sort();
      const eventIds = mismatch.events.map((index) => String(rawEvents.id[index]));
      out.push(finding('camera_mismatch', who, eventIds, entryIds.slice(), { missingCameraIds }));
    }
    const outside = eventsOutsideFootage(entries, covering, rawEvents, events.sessionOrder, start, end);
    if (outside.length > 0) {
      let footageFrom = Number.POSITIVE_INFINITY;
      let footageTo = Number.NEGATIVE_INFINITY;
      for (const index of outside) {
        footageFrom = Math.min(footageFrom, footageStart(rawEvents, index));
        footageTo = Math.max(footageTo, footageEnd(rawEvents, index));
      }
      const eventIds = outside.map((index) => String(rawEvents.id[index]));
      out.push(finding('footage_out_of_range', who, eventIds, entryIds, { footageFrom, footageTo }));
    }
  }

  private judgeExport(who: Who, site: number, start: number, end: number, out: Finding[]): void {
    const { copies, ms } = this.ctx;
    if (!copies.accountsForExport(site, who.siteId, who.userId ?? null, who.from, who.to, ms.copy)) {
      out.push(finding('unlogged_export', who, this.eventIds(start, end), [], {}));
    }
  }

  /** Cameras of the session's events in none of the covering entries, with those events. */
  private missingCameras(covering: number[], start: number, end: number) {
    const { entries, events } = this.ctx;
    const stamp = ++this.stamp;
    for (const position of covering)
      for (const camera of entries[position]!.cameras) this.cameraStamp[camera] = stamp;
    let missing: { cameras: number[]; events: number[] } | null = null;
    for (let k = start; k < end; k++) {
      const index = events.sessionOrder[k]!;
      const camera = events.camera[index]!;
      // An event naming no camera, or an unmapped one, matches at site level (R6).
      if (camera < 0 || this.cameraStamp[camera] === stamp) continue;
      missing ??= { cameras: [], events: [] };
      missing.events.push(index);
      if (this.cameraStamp[camera] !== -stamp) {
        this.cameraStamp[camera] = -stamp;
        missing.cameras.push(camera);
      }
    }
    return missing;
  }

  /** Whether an event of the session lies in the window: only those sessions are reported. */
  private touchesWindow(start: number, end: number): boolean {
    const { events, window } = this.ctx;
    for (let k = start; k < end; k++) {
      const t = events.time[events.sessionOrder[k]!]!;
      if (t >= window.from) return t < window.to;
    }
    return false;
  }

  private eventIds(start: number, end: number): string[] {
    const { events, rawEvents } = this.ctx;
    const ids: string[] = new Array(end - start);
    for (let k = start; k < end; k++) ids[k - start] = String(rawEvents.id[events.sessionOrder[k]!]);
    return ids;
  }
}

function finding(
  kind: FindingKind,
  who: Who,
  eventIds: string[],
  entryIds: string[],
  detail: Record<string, unknown>,
): Finding {
  return { kind, ...who, eventIds, entryIds, copyIds: [], detail };
}
