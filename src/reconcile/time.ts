import type { TimeWindow } from './model.js';
import { type ReconcileSettings, settingsInMs } from './settings.js';

const EXPLICIT_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * ISO-8601 text as stored (UTC, or with an explicit offset) → epoch milliseconds. A time
 * without an offset is refused: `Date.parse` would read it in the server's zone, and a
 * finding must not depend on where the service runs.
 */
export function isoToEpochMs(iso: string): number {
  const ms = EXPLICIT_OFFSET.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 time with an offset: ${JSON.stringify(iso)}`);
  return ms;
}

export function epochMsToIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** What the caller should load for a run over `window` (all half-open, epoch ms). */
export interface ReconcileLoadRanges {
  /** Ledger entries by `viewedAt`. */
  readonly entries: TimeWindow;
  /** VMS events by `occurredAt`. */
  readonly events: TimeWindow;
  /** Copies by `madeAt`. */
  readonly copiesMade: TimeWindow;
  /**
   * And every copy with `deliveredAt < copiesDeliveredBefore` and
   * (`destroyedAt` null or `destroyedAt > copiesUndestroyedAt`), for copy_not_destroyed.
   */
  readonly copiesDeliveredBefore: number;
  readonly copiesUndestroyedAt: number;
}

/**
 * R6 (docs/rules.md) loads exactly the window; the engine reports only what lies in it, but records
 * just outside it are evidence: an entry logged 20 min after a viewing at 23:55 lands in the
 * next window, an export at 23:00 may be copied the next morning. Loading these margins
 * keeps the window's edges from raising findings that the data disproves. Loading exactly
 * the window is also valid and gives the rule's literal reading.
 */
export function reconcileLoadRanges(
  window: TimeWindow,
  settings: ReconcileSettings,
  now: number,
): ReconcileLoadRanges {
  const ms = settingsInMs(settings);
  const evidence = ms.match + ms.sessionGap;
  const asOf = Math.min(window.to, now);
  return {
    entries: { from: window.from - evidence, to: window.to + evidence },
    events: { from: window.from - evidence, to: window.to + evidence },
    copiesMade: { from: window.from - ms.copy, to: window.to + ms.copy },
    copiesDeliveredBefore: asOf - ms.destroy,
    copiesUndestroyedAt: asOf,
  };
}
