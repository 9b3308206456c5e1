import type { PreparedEntry } from './coverage.js';
import type { VmsEvent } from './model.js';
import { lastAtMost } from './search.js';

/** Start of the footage an event shows, or null; a one-sided range is a point. */
export function footageStart(event: VmsEvent): number | null {
  const { footageFrom: a, footageTo: b } = event;
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

export function footageEnd(event: VmsEvent): number | null {
  const { footageFrom: a, footageTo: b } = event;
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}

/**
 * R1: the event shows footage that starts more than `retention` (336 h) before the event,
 * so the VMS still held a recording it must have deleted. Exactly 336 h is not "more than".
 */
export function isPastRetention(event: VmsEvent, retentionMs: number): boolean {
  const start = footageStart(event);
  return start !== null && start < event.occurredAt - retentionMs;
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
  events: readonly VmsEvent[],
  order: Uint32Array,
  start: number,
  end: number,
): number[] {
  const outside: number[] = [];
  let merged: { from: number[]; to: number[] } | null = null;
  for (let k = start; k < end; k++) {
    const index = order[k]!;
    const event = events[index]!;
    const from = footageStart(event);
    const to = footageEnd(event);
    if (from === null || to === null) continue;
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
