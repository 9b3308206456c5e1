import type { Config } from '../config.js';

export const hourMs = 3_600_000;

/** The retention settings the purge, the ingest and the status read (from RETENTION_* etc.). */
export interface RetentionSettings {
  /** R1: hours a recording item is kept after its own time (a segment: after its end). */
  recordingHours: number;
  /** Seconds between purge passes in the service; 0 turns the in-process scheduler off. */
  purgeIntervalSeconds: number;
  /** Rows deleted per transaction, so the API stays responsive during a big purge. */
  batchSize: number;
  /** Days imported camera-system events are kept; 0 keeps them. */
  vmsEventDays: number;
  /** Days the access log is kept (R10); 0 keeps it. */
  accessLogDays: number;
}

export function retentionSettingsOf(config: Readonly<Config>): RetentionSettings {
  const r = config.retention;
  return {
    recordingHours: r.hours,
    purgeIntervalSeconds: r.purgeIntervalSeconds,
    batchSize: Math.max(1, r.purgeBatchSize),
    vmsEventDays: r.vmsEventDays,
    accessLogDays: r.accessLogDays,
  };
}

/**
 * R1: an item expires a fixed number of absolute hours after its time — 336 h, not 14
 * calendar days, so a DST change in Europe/Helsinki moves the wall-clock time of the expiry
 * by an hour but never the amount of time an item is kept.
 */
export function expiryOf(time: Date | string, hours: number): Date {
  return new Date(new Date(time).getTime() + hours * hourMs);
}

/**
 * How long past its expiry an item may be before `/ready` reports not ready: two purge
 * intervals. With the scheduler off (interval 0, cron runs `cctv-ledger retention run`)
 * the default interval of 300 s is assumed.
 */
export function overdueAfterMs(s: RetentionSettings): number {
  return 2 * (s.purgeIntervalSeconds > 0 ? s.purgeIntervalSeconds : 300) * 1000;
}
