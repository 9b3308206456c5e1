import {
  type CopyRecord,
  defaultReconcileSettings,
  type Finding,
  type FindingKind,
  type LedgerEntry,
  type ReconcileInput,
  type ReconcileResult,
  reconcile,
  type VmsEvent,
} from '../../src/reconcile/index.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Friday 14 March 2025, 12:00 UTC: the middle of the default window. */
export const T0 = Date.UTC(2025, 2, 14, 12, 0, 0);

/**
 * A small world: Heikki (VMS name `[BASIC]\hkorhonen`) holds a right for Lahti since a month;
 * Lahti has two cameras and an import over the whole window; Heinola has one camera and no
 * import.
 */
export function world(overrides: Partial<ReconcileInput> = {}): ReconcileInput {
  return {
    window: { from: T0 - DAY, to: T0 + DAY },
    now: T0 + 2 * DAY,
    siteIds: ['lahti', 'heinola'],
    settings: { ...defaultReconcileSettings },
    staff: [
      { userId: 'u-heikki', vmsUsernames: ['[BASIC]\\hkorhonen'] },
      { userId: 'u-maija', vmsUsernames: ['LAHTI\\mvirtanen'] },
    ],
    cameras: [
      { cameraId: 'cam-door', siteId: 'lahti', vmsNames: ['Omatoimi-Itä Sisäänkäynti', 'cam-17'] },
      { cameraId: 'cam-hall', siteId: 'lahti', vmsNames: ['Omatoimi-Itä Aula'] },
      { cameraId: 'cam-heinola', siteId: 'heinola', vmsNames: ['Heinola Ovi'] },
    ],
    rights: [
      { userId: 'u-heikki', siteId: 'lahti', validFrom: T0 - 30 * DAY, validUntil: null },
      { userId: 'u-maija', siteId: 'lahti', validFrom: T0 - 30 * DAY, validUntil: null },
    ],
    entries: [],
    events: [],
    imports: [{ id: 'imp-lahti', siteId: 'lahti', from: T0 - DAY, to: T0 + DAY - 1 }],
    copies: [],
    ...overrides,
  };
}

export function event(id: string, occurredAt: number, overrides: Partial<VmsEvent> = {}): VmsEvent {
  return {
    id,
    importSiteId: 'lahti',
    occurredAt,
    vmsUser: '[BASIC]\\hkorhonen',
    cameraName: 'Omatoimi-Itä Sisäänkäynti',
    action: 'playback',
    footageFrom: null,
    footageTo: null,
    ...overrides,
  };
}

export function entry(id: string, viewedAt: number, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id,
    viewerId: 'u-heikki',
    siteId: 'lahti',
    cameraIds: ['cam-door'],
    viewedAt,
    viewedUntil: null,
    footageFrom: T0 - 2 * HOUR,
    footageTo: T0 - HOUR,
    footageTimeEstimated: false,
    late: false,
    ...overrides,
  };
}

export function copy(id: string, madeAt: number, overrides: Partial<CopyRecord> = {}): CopyRecord {
  return {
    id,
    siteId: 'lahti',
    requestId: 'req-1',
    requestSiteId: 'lahti',
    madeBy: 'u-heikki',
    madeAt,
    deliveredAt: null,
    destroyedAt: null,
    ...overrides,
  };
}

export function run(overrides: Partial<ReconcileInput> = {}): ReconcileResult {
  return reconcile(world(overrides));
}

export function kinds(result: ReconcileResult): FindingKind[] {
  return result.findings.map((finding) => finding.kind);
}

export function only(result: ReconcileResult, kind: FindingKind): Finding[] {
  return result.findings.filter((finding) => finding.kind === kind);
}
