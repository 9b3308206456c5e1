import type { PreparedEntry } from './coverage.js';
import type { VmsEvents } from './model.js';
import { lastAtMost } from './search.js';

/** Start of the footage event `i` shows, or NaN for none; a one-sided range is a point. */
export function footageStart(events: VmsEvents, i: number): number {
  const a = events.footageFrom[i]!;
  const b = events.footageTo[i]!;
  if (Number.isNaN(a)) return b;
  return Number.isNaN(b) ? a : Math.min(a, b);
}

export function footageEnd(events: VmsEvents, i: number): number {
  const a = events.footageFrom[i]!;
  const b = events.footageTo[i]!;
  if (Number.isNaN(a)) return b;
  return Number.isNaN(b) ? a : Math.max(a, b);
}

/**
 * R1: event `i` shows footage that starts more than `retention` (336 h) before the event, so
 * the VMS still held a recording it must have deleted. Exactly 336 h is not "more than".
 */
export function isPastRetention(events: VmsEvents, i: number, retentionMs: number): boolean {
  const start = footageStart(events, i);
  return !Number.isNaN(start) && start < events.occurredAt[i]! - retentionMs;
}

/**
 * R6 `footage_out_of_range`: the events of a covered session whose footage is not inside the
 * union of the covering entries' `[footageFrom, footageTo]`, each widened by its own
 * tolerance. A union, because "some footage lies outside every covering entry's range" is
 * about points of footage: two entries logging 10–11 and 11–12 together account for 10–12.
 * Events without a footage range say nothing and are skipped. Returns event indices.
 */
export function eventsOutsideFootage(
  entries: readonly PreparedEntry[],
  covering: readonly number[],
  events: VmsEvents,
  order: Uint32Array,
  start: number,
  end: number,
): number[] {
  const outside: number[] = [];
  let merged: { from: number[]; to: number[] } | null = null;
  for (let k = start; k < end; k++) {
    const index = order[k]!;
    const from = footageStart(events, index);
    const to = footageEnd(events, index);
    if (Number.isNaN(from)) continue;
    merged ??= mergeWidened(entries, covering);
    const i = lastAtMost(merged.from, from);
    if (i < 0 || merged.to[i]! < to) outside.push(index);
  }
  return outside;
}

function mergeWidened(entries: readonly PreparedEntry[], covering: readonly number[]) {
  const ranges = covering
    .map((position) => {
      const { entry, footageTolerance } = entries[position]!;
      return [
        Math.min(entry.footageFrom, entry.footageTo) - footageTolerance,
        Math.max(entry.footageFrom, entry.footageTo) + footageTolerance,
      ] as const;
    })
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const from: number[] = [];
  const to: number[] = [];
  for (const [lo, hi] of ranges) {
    const last = to.length - 1;
    if (last >= 0 && lo <= to[last]!) to[last] = Math.max(to[last]!, hi);
    else {
      from.push(lo);
      to.push(hi);
    }
  }
  return { from, to };
}
