import { IANAZone } from 'luxon';
import { HELSINKI } from './time.js';

/**
 * Times in the workbook are Europe/Helsinki wall-clock time, as the libraries read them. An Excel date has no zone, and exceljs writes a JS Date's UTC fields as the
 * cell's serial number, so a cell that must show 14.30 Helsinki time is handed a Date whose
 * UTC fields read 14.30. Reading goes the other way, and a wall-clock time may be ambiguous
 * (the autumn hour that happens twice) or not exist (the spring gap).
 */
const zone = IANAZone.create(HELSINKI);
const hourMs = 3_600_000;

// A 100,000-row export formats 400,000 times: the offset is looked up once per UTC day, and
// per hour only on the two days a year the clocks change (always on a whole UTC hour).
const dayMs = 86_400_000;
const dayCache = new Map<number, number | null>();
const hourCache = new Map<number, number>();
function offsetMinutes(epochMs: number): number {
  const day = Math.floor(epochMs / dayMs);
  let whole = dayCache.get(day);
  if (whole === undefined) {
    if (dayCache.size > 50_000) dayCache.clear();
    const start = zone.offset(day * dayMs);
    whole = zone.offset(day * dayMs + dayMs - 1) === start ? start : null;
    dayCache.set(day, whole);
  }
  if (whole !== null) return whole;
  const hour = Math.floor(epochMs / hourMs);
  let offset = hourCache.get(hour);
  if (offset === undefined) {
    if (hourCache.size > 50_000) hourCache.clear();
    offset = zone.offset(hour * hourMs);
    hourCache.set(hour, offset);
  }
  return offset;
}

/** A Date whose UTC fields are the Helsinki wall-clock time of `iso`, for an Excel date cell. */
export function excelWallClock(iso: string): Date {
  const t = Date.parse(iso);
  return new Date(t + offsetMinutes(t) * 60_000);
}

export interface WallClockInstant {
  /** ISO-8601 UTC. */
  iso: string;
  /** The wall-clock time happened twice (autumn); `iso` is the first of the two. */
  ambiguous: boolean;
}

/**
 * The instant of a Helsinki wall-clock time given in a Date's UTC fields (as exceljs reads a
 * date cell); null when that time did not exist (the spring gap).
 */
export function fromWallClock(wall: Date): WallClockInstant | null {
  const w = wall.getTime();
  if (Number.isNaN(w)) return null;
  const candidates = new Set([offsetMinutes(w - 86_400_000), offsetMinutes(w + 86_400_000)]);
  const instants: number[] = [];
  for (const offset of candidates) {
    const t = w - offset * 60_000;
    if (offsetMinutes(t) === offset) instants.push(t);
  }
  if (instants.length === 0) return null;
  instants.sort((a, b) => a - b);
  return { iso: new Date(instants[0] as number).toISOString(), ambiguous: instants.length > 1 };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-03-29T04:30:00+03:00`: Helsinki local time with its offset, for CSV and texts. */
export function helsinkiIso(iso: string): string {
  const t = Date.parse(iso);
  const offset = offsetMinutes(t);
  const w = new Date(t + offset * 60_000);
  const ms = w.getUTCMilliseconds();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:` +
    `${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ''}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** A short Helsinki time for a text cell: `29.3.2026 4.30` in Finnish, `2026-03-29 04:30` otherwise. */
export function helsinkiText(iso: string, lang: 'fi' | 'sv' | 'en'): string {
  const w = excelWallClock(iso);
  if (lang === 'fi') {
    return `${w.getUTCDate()}.${w.getUTCMonth() + 1}.${w.getUTCFullYear()} ${w.getUTCHours()}.${pad(w.getUTCMinutes())}`;
  }
  return `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`;
}
