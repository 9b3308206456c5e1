import {
  type CopyRecord,
  defaultReconcileSettings,
  type Finding,
  type FindingKind,
  type LedgerEntry,
  NO_CAMERA,
  type ReconcileInput,
  type ReconcileResult,
  reconcile,
  VMS_ACTIONS,
  type VmsAction,
  type VmsEvents,
} from '../../src/reconcile/index.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Friday 14 March 2025, 12:00 UTC: the middle of the default window. */
export const T0 = Date.UTC(2025, 2, 14, 12, 0, 0);

/** One camera-system event as an object: how tests write events; the engine takes columns. */
export interface TestEvent {
  readonly id: number;
  readonly importSiteId: string;
  readonly occurredAt: number;
  readonly vmsUser: string;
  readonly cameraName: string | null;
  readonly action: VmsAction;
  readonly footageFrom: number | null;
  readonly footageTo: number | null;
}

/** The engine's input with its events as objects; `columnar` turns it into the real thing. */
export type TestInput = Omit<ReconcileInput, 'events'> & { readonly events: readonly TestEvent[] };

export function vmsEventsFrom(list: readonly TestEvent[]): VmsEvents {
  const texts: string[] = [];
  const indexes = new Map<string, number>();
  const textIndex = (text: string) => {
    let i = indexes.get(text);
    if (i === undefined) {
      i = texts.push(text) - 1;
      indexes.set(text, i);
    }
    return i;
  };
  return {
    count: list.length,
    id: Float64Array.from(list, (e) => e.id),
    occurredAt: Float64Array.from(list, (e) => e.occurredAt),
    footageFrom: Float64Array.from(list, (e) => e.footageFrom ?? Number.NaN),
    footageTo: Float64Array.from(list, (e) => e.footageTo ?? Number.NaN),
    action: Uint8Array.from(list, (e) => VMS_ACTIONS.indexOf(e.action)),
    vmsUser: Int32Array.from(list, (e) => textIndex(e.vmsUser)),
    cameraName: Int32Array.from(list, (e) => (e.cameraName === null ? NO_CAMERA : textIndex(e.cameraName))),
    importSiteId: Int32Array.from(list, (e) => textIndex(e.importSiteId)),
    texts,
  };
}

export function columnar(input: TestInput): ReconcileInput {
  return { ...input, events: vmsEventsFrom(input.events) };
}

/**
 * A small world: Heikki (VMS name `[BASIC]\hkorhonen`) holds a right for Lahti since a month;
 * Lahti has two cameras and an import over the whole window; Heinola has one camera and no
 * import.
 */
export function world(overrides: Partial<TestInput> = {}): TestInput {
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

export function event(id: number, occurredAt: number, overrides: Partial<TestEvent> = {}): TestEvent {
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

export function run(overrides: Partial<TestInput> = {}): ReconcileResult {
  return reconcile(columnar(world(overrides)));
}

export function kinds(result: ReconcileResult): FindingKind[] {
  return result.findings.map((finding) => finding.kind);
}

export function only(result: ReconcileResult, kind: FindingKind): Finding[] {
  return result.findings.filter((finding) => finding.kind === kind);
}
