import { DateTime } from 'luxon';
import { helsinkiText } from './helsinki-time.js';
import { HELSINKI } from './time.js';

/**
 * What a person types as a time is Europe/Helsinki wall-clock time (src/time.ts), to the
 * minute. Twice a year a wall-clock time is not one instant: in the spring gap (03.00–03.59
 * on the last Sunday of March) it names no instant, and in the autumn fold (03.00–03.59 on
 * the last Sunday of October) it names two. Such a time is refused, never guessed.
 */
export type WallTimeResult =
  | { ok: true; utc: string }
  | { ok: false; reason: 'format' | 'dst_gap' | 'dst_fold' };

// 7.12.2026 17.05 · 7.12.2026 klo 17:05 · 7.12.2026 kl. 17.05 · 2026-12-07T17:05 · 2026-12-07 17:05
const finnishOrder = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*,?\s*(?:klo|kl\.)?\s*|\s+)(\d{1,2})[.:](\d{2})$/i;
const isoOrder = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

export function parseWallTime(text: string): WallTimeResult {
  const s = text.trim();
  const fi = finnishOrder.exec(s);
  const iso = isoOrder.exec(s);
  const [day, month, year, hour, minute] = fi
    ? [fi[1], fi[2], fi[3], fi[4], fi[5]].map(Number)
    : iso
      ? [iso[3], iso[2], iso[1], iso[4], iso[5]].map(Number)
      : [];
  if (day === undefined || month === undefined || year === undefined || hour === undefined)
    return { ok: false, reason: 'format' };
  const fields = { year, month, day, hour, minute: minute ?? 0 };
  const dt = DateTime.fromObject(fields, { zone: HELSINKI });
  if (!dt.isValid || dt.day !== day || dt.month !== month) return { ok: false, reason: 'format' };
  // luxon moves a time in the gap forward by the hour the clocks skipped.
  if (dt.hour !== hour || dt.minute !== fields.minute) return { ok: false, reason: 'dst_gap' };
  if (dt.getPossibleOffsets().length > 1) return { ok: false, reason: 'dst_fold' };
  return { ok: true, utc: dt.toUTC().toISO()! };
}

/** A typed day `7.12.2026` (or `2026-12-07`): the instants its Helsinki day starts and ends. */
export function parseWallDate(text: string): { ok: true; start: string; end: string } | { ok: false } {
  const s = text.trim();
  const fi = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const [day, month, year] = fi
    ? [fi[1], fi[2], fi[3]].map(Number)
    : iso
      ? [iso[3], iso[2], iso[1]].map(Number)
      : [];
  if (day === undefined || month === undefined || year === undefined) return { ok: false };
  const start = DateTime.fromObject({ year, month, day }, { zone: HELSINKI });
  if (!start.isValid || start.day !== day) return { ok: false };
  return { ok: true, start: start.toUTC().toISO()!, end: start.plus({ days: 1 }).toUTC().toISO()! };
}

/**
 * An instant as a person would type it back: `7.12.2026 17.05` (the form's prefill). The
 * cached offsets of `helsinkiText` make this a tenth of the form page's cost cheaper than
 * luxon's parse and format (docs/performance.md).
 */
export const toWallTimeText = (utc: string) => helsinkiText(utc, 'fi');

/**
 * Compares a typed time with a stored one at the precision typed (the minute): a stored
 * 17.05.42 and a typed 17.05 are the same time.
 */
export const sameMinute = (a: string, b: string) =>
  Math.floor(Date.parse(a) / 60_000) === Math.floor(Date.parse(b) / 60_000);
