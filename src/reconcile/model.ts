import type { Finding, FindingKind } from './findings.js';
import type { ReconcileSettings } from './settings.js';

/**
 * The engine's plain-data input. Every time is epoch milliseconds (UTC); the caller converts
 * from the stored ISO-8601 text (see `isoToEpochMs`). Nothing here is read from a clock or a
 * database, so a run is a pure function of its input (R6: same inputs, same findings).
 */

/** Half-open `[from, to)`. */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/** The actions as the importer classifies them; `VmsEvents.action` indexes this list. */
export { VMS_ACTIONS, type VmsAction } from '../vms/index.js';

export interface StaffMember {
  readonly userId: string;
  /** Names this person has in the camera system; a service username is not one implicitly. */
  readonly vmsUsernames: readonly string[];
}

export interface CameraRef {
  readonly cameraId: string;
  readonly siteId: string;
  /** Names and ids under which the VMS logs this camera. */
  readonly vmsNames: readonly string[];
}

/** One period of a viewing right (R3); `validUntil` is the effective revocation, exclusive. */
export interface ViewingRight {
  readonly userId: string;
  readonly siteId: string;
  readonly validFrom: number;
  readonly validUntil: number | null;
}

/** A ledger entry as it reads after its amendments. */
export interface LedgerEntry {
  readonly id: string;
  readonly viewerId: string;
  readonly siteId: string;
  readonly cameraIds: readonly string[];
  readonly viewedAt: number;
  readonly viewedUntil: number | null;
  readonly footageFrom: number;
  readonly footageTo: number;
  readonly footageTimeEstimated: boolean;
  /** Recorded later than the R5 limit; decided by the protocol rules, reported here. */
  readonly late: boolean;
}

/** `VmsEvents.cameraName` of an event whose format names no camera (the Nx CSV). */
export const NO_CAMERA = -1;

/**
 * The imported events as columns, event `i` at index `i` of each: a million events are a few
 * typed arrays, not a million objects to build and then collect. Texts are indexes into
 * `texts`, each distinct text stored once.
 */
export interface VmsEvents {
  readonly count: number;
  /** The stored event id: `firstEventId + i` of its block (src/vms/event-block.ts). */
  readonly id: Float64Array;
  readonly occurredAt: Float64Array;
  /** The footage range shown, NaN for an end the event does not give. */
  readonly footageFrom: Float64Array;
  readonly footageTo: Float64Array;
  /** Index into `VMS_ACTIONS`. */
  readonly action: Uint8Array;
  /** Index into `texts`. */
  readonly vmsUser: Int32Array;
  /** Index into `texts`, or `NO_CAMERA`. */
  readonly cameraName: Int32Array;
  /** Index into `texts` of the site of the import that brought the event in. */
  readonly importSiteId: Int32Array;
  readonly texts: readonly string[];
}

/** The time span of one import's events: `[from, to]`, both ends inclusive. */
export interface VmsImportSpan {
  readonly id: string;
  readonly siteId: string;
  readonly from: number;
  readonly to: number;
}

export interface CopyRecord {
  readonly id: string;
  readonly siteId: string;
  readonly requestId: string;
  readonly requestSiteId: string;
  /** User id of the service user who made the copy. */
  readonly madeBy: string;
  readonly madeAt: number;
  readonly deliveredAt: number | null;
  readonly destroyedAt: number | null;
}

/**
 * What the caller loads (see `reconcileLoadRanges` for the exact ranges):
 * - `entries`, `events`: those in the window; more around it is welcome and only used as
 *   evidence — findings are reported only for entries whose `viewedAt` and sessions with an
 *   event inside the window.
 * - `copies`: those made within `copyTolerance` of the window (to account for exports near
 *   its edges) plus every copy delivered before the R2 deadline and not destroyed by
 *   `min(to, now)`. A copy passed twice is counted once.
 * - `siteIds`: the sites in scope, already resolved by the caller; anything at another site
 *   is ignored. An empty list means no site, not every site.
 */
export interface ReconcileInput {
  readonly window: TimeWindow;
  readonly now: number;
  readonly siteIds: readonly string[];
  readonly settings: ReconcileSettings;
  readonly staff: readonly StaffMember[];
  readonly cameras: readonly CameraRef[];
  readonly rights: readonly ViewingRight[];
  readonly entries: readonly LedgerEntry[];
  readonly events: VmsEvents;
  readonly imports: readonly VmsImportSpan[];
  readonly copies: readonly CopyRecord[];
}

export interface ReconcileResult {
  readonly findings: Finding[];
  readonly summary: Record<FindingKind, number>;
  /** Camera names in the window that map to no camera (or to several, unresolvable), as written. */
  readonly unmappedCameraNames: string[];
  /** VMS user names in the window that map to no staff member (or to several), as written. */
  readonly unmappedVmsUsers: string[];
  /** The settings the findings were computed with, to be stored with the run. */
  readonly settings: ReconcileSettings;
  /** Events and entries in scope (margins included); sessions with an event in the window. */
  readonly counts: {
    readonly events: number;
    readonly entries: number;
    readonly playbackSessions: number;
    readonly exportSessions: number;
  };
}
