import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * The few time helpers every folder needs. Times are stored as ISO-8601 UTC text, so the
 * same instant sorts and compares the same on SQLite and PostgreSQL; people read and type
 * them in Europe/Helsinki, the zone of every library of the register.
 */

/** The libraries' zone: what people type and read, and a camera export's default zone. */
export const HELSINKI = 'Europe/Helsinki';

/** An ISO-8601 time with an explicit offset, as the API takes it. */
export const isoTime = z.iso.datetime({ offset: true });

/** Any ISO-8601 time with an offset → the stored form, UTC with milliseconds and `Z`. */
export const utc = (t: string): string => new Date(t).toISOString();

/** Clock skew allowed between a client's "now" and the service's. */
export const CLOCK_SKEW_MS = 120_000;

/** `at` (stored form) lies in the future: later than `now` by more than the allowed skew. */
export const isInFuture = (at: string, now: Date): boolean =>
  at > new Date(now.getTime() + CLOCK_SKEW_MS).toISOString();

/**
 * A time a person types is as precise as they typed it: "16:08:05" is some instant of that
 * second, "16:08" some instant of that minute. Compared with a time the service stamped
 * (a copy made at 16:08:05.301), it is compared at its own precision, so the copy can be
 * delivered "at 16:08:05" but not "at 16:08:04". Negative: `typed` is earlier than `other`;
 * 0: both fall in the same second (or minute, …); positive: `typed` is later.
 */
export function compareTypedTime(typed: string, other: string): number {
  const unit = typedPrecisionMs(typed);
  return Math.floor(Date.parse(typed) / unit) - Math.floor(Date.parse(other) / unit);
}

/** The unit an ISO-8601 time was typed to: a minute, a second, or its fraction's last digit. */
function typedPrecisionMs(typed: string): number {
  const time = /T\d{2}:\d{2}(:\d{2}(?:[.,](\d+))?)?/.exec(typed);
  if (!time?.[1]) return 60_000;
  const fraction = time[2];
  return fraction === undefined ? 1000 : 10 ** Math.max(0, 3 - fraction.length);
}

/**
 * One end of a period as a person gives it: an ISO-8601 time with its offset, or a bare date
 * (`2026-11-20`), which is a whole day in Europe/Helsinki: `from` its midnight, `to` the
 * midnight that ends it (the day included). Every command and the export read dates so.
 */
export function periodBound(value: string, end: 'from' | 'to'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone: HELSINKI });
    return (end === 'from' ? day : day.plus({ days: 1 })).toUTC().toISO()!;
  }
  return new Date(value).toISOString();
}

/** Like `utc`, for an optional filter. */
export const utcOrUndefined = (t: string | undefined): string | undefined => (t ? utc(t) : undefined);

/*
 * `new Date(ms).toISOString()` without the Date: a million rows spend most of a second in that
 * call, and rows of one export share their day, so the date part is cached.
 */

const DAY_MS = 86_400_000;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

let cachedDay = Number.NaN;
let cachedPrefix = '';

/** UTC ISO-8601 with milliseconds and `Z`, identical to Date#toISOString for years 0000–9999. */
export function utcIso(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    cachedDay = day;
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = Math.floor(rest - s * 1000);
  return `${cachedPrefix}${TWO[h]}:${TWO[m]}:${TWO[s]}.${THREE[milli]}Z`;
}
