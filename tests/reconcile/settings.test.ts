import { describe, expect, it } from 'vitest';
import {
  defaultReconcileSettings,
  epochMsToIso,
  findingKinds,
  isoToEpochMs,
  reconcileLoadRanges,
  reconcileSettingsSchema,
} from '../../src/reconcile/index.js';
import { DAY, entry, MINUTE, run, T0 } from './builders.js';

describe('reconcileSettingsSchema', () => {
  it('defaults to the tolerances of R6', () => {
    expect(defaultReconcileSettings).toEqual({
      sessionGapMinutes: 10,
      matchToleranceMinutes: 30,
      estimateToleranceMinutes: 120,
      exactToleranceMinutes: 5,
      copyToleranceHours: 24,
      copyDestroyDays: 7,
      retentionHours: 336,
    });
    expect(Object.isFrozen(defaultReconcileSettings)).toBe(true);
  });

  it('fills in what an override leaves out', () => {
    expect(reconcileSettingsSchema.parse({ matchToleranceMinutes: 15 })).toEqual({
      ...defaultReconcileSettings,
      matchToleranceMinutes: 15,
    });
  });

  it('refuses negative, non-numeric and unknown settings', () => {
    expect(reconcileSettingsSchema.safeParse({ sessionGapMinutes: -1 }).success).toBe(false);
    expect(reconcileSettingsSchema.safeParse({ retentionHours: 0 }).success).toBe(false);
    expect(reconcileSettingsSchema.safeParse({ copyDestroyDays: '7' }).success).toBe(false);
    expect(reconcileSettingsSchema.safeParse({ matchTolerance: 30 }).success).toBe(false);
    expect(reconcileSettingsSchema.safeParse({ copyToleranceHours: Number.POSITIVE_INFINITY }).success).toBe(
      false,
    );
  });

  it('returns the settings used with the result, and refuses invalid ones', () => {
    const settings = { ...defaultReconcileSettings, matchToleranceMinutes: 15 };
    expect(run({ settings }).settings).toEqual(settings);
    expect(() => run({ settings: { ...settings, sessionGapMinutes: -5 } })).toThrow();
  });
});

describe('reconcile input checks and result shape', () => {
  it('refuses a window that ends before it starts, or an unknown now', () => {
    expect(() => run({ window: { from: T0, to: T0 - 1 } })).toThrow(RangeError);
    expect(() => run({ now: Number.NaN })).toThrow(RangeError);
    expect(run({ window: { from: T0, to: T0 } }).findings).toEqual([]);
  });

  it('has ten finding kinds and a summary counting each, zeros included', () => {
    expect(new Set(findingKinds).size).toBe(10);
    expect(run().summary).toEqual(Object.fromEntries(findingKinds.map((kind) => [kind, 0])));
  });

  it('treats an empty siteIds as no site at all', () => {
    const entries = [entry('e1', T0, { late: true })];
    expect(run({ siteIds: [], entries }).findings).toEqual([]);
    expect(run({ entries }).findings).toHaveLength(2);
  });
});

describe('time helpers', () => {
  it('converts ISO text with an offset, and refuses text without one', () => {
    expect(isoToEpochMs('2025-03-14T12:00:00Z')).toBe(T0);
    expect(isoToEpochMs('2025-03-14T14:00:00+02:00')).toBe(T0);
    expect(isoToEpochMs('2025-03-14T12:00:00.000Z')).toBe(T0);
    expect(() => isoToEpochMs('2025-03-14T12:00:00')).toThrow(RangeError);
    expect(() => isoToEpochMs('yesterday Z')).toThrow(RangeError);
    expect(epochMsToIso(T0)).toBe('2025-03-14T12:00:00.000Z');
  });

  it('tells the caller what to load around the window', () => {
    const window = { from: T0 - DAY, to: T0 + DAY };
    expect(reconcileLoadRanges(window, defaultReconcileSettings, T0 + 10 * DAY)).toEqual({
      entries: { from: T0 - DAY - 40 * MINUTE, to: T0 + DAY + 40 * MINUTE },
      events: { from: T0 - DAY - 40 * MINUTE, to: T0 + DAY + 40 * MINUTE },
      copiesMade: { from: T0 - 2 * DAY, to: T0 + 2 * DAY },
      copiesDeliveredBefore: T0 + DAY - 7 * DAY,
      copiesUndestroyedAt: T0 + DAY,
    });
    expect(reconcileLoadRanges(window, defaultReconcileSettings, T0).copiesUndestroyedAt).toBe(T0);
  });
});
