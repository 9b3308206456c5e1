import { z } from 'zod';

/**
 * Tolerances of the R6 reconciliation. Parsed by zod so a caller can validate overrides
 * and store, with each run, exactly the settings that produced its findings (R6: "the
 * settings used are stored with each run"). Strict, so a misspelt override fails loudly
 * instead of silently running with a default.
 */
export const reconcileSettingsSchema = z.strictObject({
  sessionGapMinutes: z
    .number()
    .nonnegative()
    .default(10)
    .describe('Events of one VMS user at one site at most this far apart form one session (R6).'),
  matchToleranceMinutes: z
    .number()
    .nonnegative()
    .default(30)
    .describe('A ledger entry’s viewing interval is widened by this much on both sides to cover a session.'),
  estimateToleranceMinutes: z
    .number()
    .nonnegative()
    .default(120)
    .describe('Footage range widening for entries whose footage time is an estimate (R7 item 2).'),
  exactToleranceMinutes: z
    .number()
    .nonnegative()
    .default(5)
    .describe('Footage range widening for entries whose footage time is exact.'),
  copyToleranceHours: z
    .number()
    .nonnegative()
    .default(24)
    .describe('An export session is accounted for by a copy made at most this far from it (R2).'),
  copyDestroyDays: z
    .number()
    .nonnegative()
    .default(7)
    .describe('A delivered copy must be destroyed within this many days (R2).'),
  retentionHours: z
    .number()
    .positive()
    .default(336)
    .describe('Recordings are deleted this many hours after recording: 14 vrk (R1).'),
});

export type ReconcileSettings = z.output<typeof reconcileSettingsSchema>;

export const defaultReconcileSettings: Readonly<ReconcileSettings> = Object.freeze(
  reconcileSettingsSchema.parse({}),
);

/** The settings in the engine's unit, epoch milliseconds, computed once per run. */
export interface SettingsMs {
  readonly sessionGap: number;
  readonly match: number;
  readonly estimate: number;
  readonly exact: number;
  readonly copy: number;
  readonly destroy: number;
  readonly retention: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function settingsInMs(settings: ReconcileSettings): SettingsMs {
  return {
    sessionGap: settings.sessionGapMinutes * MINUTE,
    match: settings.matchToleranceMinutes * MINUTE,
    estimate: settings.estimateToleranceMinutes * MINUTE,
    exact: settings.exactToleranceMinutes * MINUTE,
    copy: settings.copyToleranceHours * HOUR,
    // R1 and R2 count 24-hour days (vrk), never calendar days: DST must not move a deadline.
    destroy: settings.copyDestroyDays * DAY,
    retention: settings.retentionHours * HOUR,
  };
}
