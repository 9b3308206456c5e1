import { IANAZone } from 'luxon';

/**
 * Places naive wall-clock times (milliseconds as if UTC) in an IANA zone, the way the import
 * promises:
 *
 * - a time in the hour that does not exist (spring forward) is shifted forward by the gap,
 *   i.e. read with the offset in force before the change, and reported;
 * - a time in the hour that happens twice (fall back) follows the order of rows when the file
 *   is monotonic so far (ascending: the earliest candidate not before the previous row, so a row
 *   whose clock went back takes the later offset; descending: the latest candidate not after the
 *   previous row; after a single row: the candidate nearer to it), else takes the earlier
 *   instant, and is reported.
 *
 * Asking the zone for its offset costs microseconds (Intl), so the answer is cached per distinct
 * local hour: a month of audit rows touches ~720 hours however many rows it has.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MAX_CACHED_HOURS = 100_000;

/** `offsets` are minutes east of UTC. */
type HourInfo =
  | { kind: 'unique'; offset: number }
  | { kind: 'gap'; offset: number }
  | { kind: 'ambiguous'; earlier: number; later: number }
  | { kind: 'mixed' };

export type ResolutionKind = 'exact' | 'nonexistent' | 'ambiguous';

export class ZoneResolver {
  readonly zoneName: string;
  /** How the last call to resolve() went; read it right after the call. */
  lastKind: ResolutionKind = 'exact';
  /** For an ambiguous time: whether row order decided it (else the earlier offset was a default). */
  lastByRowOrder = false;

  private readonly zone: IANAZone;
  private readonly hours = new Map<number, HourInfo>();
  private previousInstant = Number.NaN;
  private ascendingSteps = 0;
  private descendingSteps = 0;

  constructor(zoneName: string) {
    this.zoneName = zoneName;
    this.zone = IANAZone.create(zoneName);
  }

  /** Instant (UTC ms) for a naive time, choosing by row order in the repeated hour. */
  resolve(naive: number): number {
    const info = this.hourInfo(naive);
    if (info.kind === 'unique') {
      this.lastKind = 'exact';
      return naive - info.offset * 60_000;
    }
    return this.resolveSpecial(info.kind === 'mixed' ? this.classify(naive) : info, naive, true);
  }

  /** Like resolve(), but outside the row sequence (footage ranges): ambiguous means earlier. */
  resolveStandalone(naive: number): number {
    const info = this.hourInfo(naive);
    if (info.kind === 'unique') {
      this.lastKind = 'exact';
      return naive - info.offset * 60_000;
    }
    return this.resolveSpecial(info.kind === 'mixed' ? this.classify(naive) : info, naive, false);
  }

  /** Records the instant of each row in file order, so that row order can be judged. */
  observe(instant: number): void {
    const previous = this.previousInstant;
    if (instant > previous) this.ascendingSteps++;
    else if (instant < previous) this.descendingSteps++;
    this.previousInstant = instant;
  }

  /** Offset (minutes) in force at an instant; exported for messages. */
  offsetAt(instant: number): number {
    return this.zone.offset(instant);
  }

  private resolveSpecial(
    info: Exclude<HourInfo, { kind: 'mixed' }>,
    naive: number,
    byOrder: boolean,
  ): number {
    if (info.kind === 'unique') {
      this.lastKind = 'exact';
      return naive - info.offset * 60_000;
    }
    if (info.kind === 'gap') {
      this.lastKind = 'nonexistent';
      return naive - info.offset * 60_000;
    }
    this.lastKind = 'ambiguous';
    const earlier = naive - info.earlier * 60_000;
    const later = naive - info.later * 60_000;
    this.lastByRowOrder = false;
    if (!byOrder || Number.isNaN(this.previousInstant)) return earlier;
    const previous = this.previousInstant;
    const ascending = this.ascendingSteps > 0 && this.descendingSteps === 0;
    const descending = this.descendingSteps > 0 && this.ascendingSteps === 0;
    if (ascending) {
      if (earlier >= previous) return this.byOrder(earlier);
      if (later >= previous) return this.byOrder(later);
    } else if (descending) {
      if (later <= previous) return this.byOrder(later);
      if (earlier <= previous) return this.byOrder(earlier);
    } else if (this.ascendingSteps === 0 && this.descendingSteps === 0) {
      // One row so far: either direction is monotonic, so stay next to it.
      return this.byOrder(Math.abs(earlier - previous) <= Math.abs(later - previous) ? earlier : later);
    }
    return earlier;
  }

  private byOrder(instant: number): number {
    this.lastByRowOrder = true;
    return instant;
  }

  private hourInfo(naive: number): HourInfo {
    const hourKey = Math.floor(naive / HOUR_MS);
    const cached = this.hours.get(hourKey);
    if (cached !== undefined) return cached;
    const start = this.classify(hourKey * HOUR_MS);
    const end = this.classify(hourKey * HOUR_MS + HOUR_MS - 1);
    // A zone whose change falls inside an hour (Lord Howe's half-hour) is worked out per row.
    const info = sameInfo(start, end) ? start : ({ kind: 'mixed' } as const);
    if (this.hours.size >= MAX_CACHED_HOURS) this.hours.clear();
    this.hours.set(hourKey, info);
    return info;
  }

  private classify(naive: number): Exclude<HourInfo, { kind: 'mixed' }> {
    const before = this.zone.offset(naive - DAY_MS);
    const after = this.zone.offset(naive + DAY_MS);
    const here = this.zone.offset(naive);
    const candidates = new Set([before, after, here, this.zone.offset(naive - here * 60_000)]);
    const valid: number[] = [];
    for (const offset of candidates) {
      if (this.zone.offset(naive - offset * 60_000) === offset) valid.push(offset);
    }
    if (valid.length === 0) return { kind: 'gap', offset: before };
    if (valid.length === 1) return { kind: 'unique', offset: valid[0] as number };
    // The larger offset is the earlier instant (summer time, before the clocks went back).
    return { kind: 'ambiguous', earlier: Math.max(...valid), later: Math.min(...valid) };
  }
}

function sameInfo(a: HourInfo, b: HourInfo): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'unique' || a.kind === 'gap') return a.offset === (b as typeof a).offset;
  if (a.kind === 'ambiguous') {
    const bb = b as typeof a;
    return a.earlier === bb.earlier && a.later === bb.later;
  }
  return true;
}

/** `+03:00` style text for an offset in minutes. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}
