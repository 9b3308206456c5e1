import { fromWallClock, langValues, type WallClockInstant, words } from '../export/index.js';
import { codeLabels } from '../labels/index.js';
import { type Grounds, groundsValues } from '../protocol/index.js';
import { writtenGrounds } from './written-grounds.js';

/** Reading the cells of an existing ledger: texts, Finnish dates and times, yes/no, grounds. */

/**
 * A date cell whose number format shows no time of day (`d.m.yyyy`): a date only. A date cell
 * formatted with hours is a date and time even at midnight.
 */
export class DateOnly {
  constructor(readonly date: Date) {}
}

/** A cell as exceljs's reader gives it, flattened: text, number, boolean, a date and time, or a date. */
export type PlainCell = string | number | boolean | Date | DateOnly | null;

const showsTime = (numFmt: string | undefined) =>
  /h/i.test((numFmt ?? '').replace(/"[^"]*"|\[[^\]]*\]/g, ''));

export function plainCell(v: unknown, numFmt?: string): PlainCell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return showsTime(numFmt) ? v : new DateOnly(v);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('text' in o && o.text !== undefined) return plainCell(o.text, numFmt);
    if ('result' in o) return plainCell(o.result, numFmt);
  }
  return null; // error cells, formulas without a cached result
}

export function cellText(v: PlainCell): string {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString();
  if (v instanceof DateOnly) return v.date.toISOString().slice(0, 10);
  return String(v).trim();
}

export type TimeResult = { ok: true; at: WallClockInstant } | { ok: false; message: string };

/** A time as read from a cell: a wall-clock time (Helsinki, in a Date's UTC fields), an exact instant, or unreadable. */
export type ReadTime =
  | { kind: 'wall'; wall: Date; hasTime: boolean }
  | { kind: 'exact'; iso: string }
  | { kind: 'bad'; message: string };

const excelEpochDays = 25569;
const dayMs = 86_400_000;

/** A wall-clock time to an instant, refusing the spring gap. */
export function toInstant(t: ReadTime): TimeResult {
  if (t.kind === 'bad') return { ok: false, message: t.message };
  if (t.kind === 'exact') return { ok: true, at: { iso: t.iso, ambiguous: false } };
  const at = fromWallClock(t.wall);
  if (!at) {
    const shown = t.wall.toISOString().slice(0, 16).replace('T', ' ');
    return { ok: false, message: `${shown} did not exist in Europe/Helsinki (the clocks went forward)` };
  }
  return { ok: true, at };
}

function wallClock(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | null {
  const year = y < 100 ? 2000 + y : y;
  const wall = new Date(Date.UTC(year, mo - 1, d, h, mi, s));
  const valid =
    wall.getUTCFullYear() === year &&
    wall.getUTCMonth() === mo - 1 &&
    wall.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    s < 60;
  return valid ? wall : null;
}

const finnishDate =
  /^(?:[a-zåäö]{2,3}\.?\s+)?(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:\s*(?:klo\.?|kello|kl\.?)?\s*(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?)?$/i;
const isoLocal = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const isoOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const timeOnly = /^(?:klo\.?\s*|kello\s*)?(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?$/i;

/** A date and maybe a time: `12.3.2026 14.30`, `12.3.2026 klo 14:30`, ISO-8601, an Excel date. */
export function readDateTime(v: PlainCell): ReadTime | null {
  if (v === null || v === '') return null;
  if (v instanceof Date || v instanceof DateOnly) {
    const wall = v instanceof Date ? v : v.date;
    if (Number.isNaN(wall.getTime())) return { kind: 'bad', message: 'is not a date' };
    return { kind: 'wall', wall, hasTime: v instanceof Date };
  }
  if (typeof v === 'number') {
    if (!(v >= 1 && v < 2_958_466)) return { kind: 'bad', message: `${v} is not a date` };
    return { kind: 'wall', wall: new Date(Math.round((v - excelEpochDays) * dayMs)), hasTime: v % 1 !== 0 };
  }
  const text = String(v).trim().replace(/\s+/g, ' ');
  if (isoOffset.test(text) && !Number.isNaN(Date.parse(text))) {
    return { kind: 'exact', iso: new Date(Date.parse(text)).toISOString() };
  }
  const m = finnishDate.exec(text);
  const iso = m ? null : isoLocal.exec(text);
  const parts = m
    ? [Number(m[3]), Number(m[2]), Number(m[1]), m[4], m[5], m[6]]
    : iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3]), iso[4], iso[5], iso[6]]
      : null;
  if (!parts)
    return { kind: 'bad', message: `“${text}” is not a date and time (write e.g. 12.3.2026 14.30)` };
  const [y, mo, d, h, mi, s] = parts as [number, number, number, string?, string?, string?];
  const wall = wallClock(y, mo, d, Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  if (!wall) return { kind: 'bad', message: `“${text}” is not a valid date and time` };
  return { kind: 'wall', wall, hasTime: h !== undefined };
}

/** A time of day for a separate time column: `14.30`, `klo 14:30`, an Excel time. */
export function parseTimeOfDay(v: PlainCell): { h: number; m: number; s: number } | null {
  if (v instanceof Date) return { h: v.getUTCHours(), m: v.getUTCMinutes(), s: v.getUTCSeconds() };
  if (typeof v === 'number' && v >= 0 && v < 1) {
    const secs = Math.round(v * 86_400);
    return { h: Math.floor(secs / 3600), m: Math.floor(secs / 60) % 60, s: secs % 60 };
  }
  const m = timeOnly.exec(cellText(v));
  if (!m) return null;
  const t = { h: Number(m[1]), m: Number(m[2]), s: Number(m[3] ?? 0) };
  return t.h < 24 && t.m < 60 && t.s < 60 ? t : null;
}

/** The wall-clock day of `wall` at a time of day. */
export function atTimeOfDay(wall: Date, t: { h: number; m: number; s: number }): Date {
  return new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), t.h, t.m, t.s));
}

const yes = new Set(['kyllä', 'k', 'x', 'yes', 'y', 'ja', 'j', 'true', '1', 'arvio', 'arviolta', 'on']);
const no = new Set(['ei', 'e', 'no', 'n', 'nej', 'false', '0', '-', '–']);

export function parseYesNo(v: PlainCell): boolean | null | 'bad' {
  if (typeof v === 'boolean') return v;
  const t = cellText(v).toLowerCase();
  if (t === '') return null;
  if (yes.has(t)) return true;
  if (no.has(t)) return false;
  return 'bad';
}

const normal = (t: string) => t.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
const groundsByText = new Map<string, Grounds>();
for (const g of groundsValues) {
  groundsByText.set(g, g);
  for (const lang of langValues) groundsByText.set(normal(codeLabels[lang].grounds[g]), g);
}
for (const [text, g] of Object.entries(writtenGrounds))
  if (!groundsByText.has(normal(text))) groundsByText.set(normal(text), g);
// The English labels workbooks exported by earlier versions wrote, so that those files read back.
for (const [text, g] of [
  ['Crime investigation', 'crime_investigation'],
  ['Accident investigation', 'accident_investigation'],
  ['Investigating or preventing a dangerous or threatening situation', 'danger_or_threat'],
  ['Data subject access request', 'data_subject_request'],
] as const)
  groundsByText.set(normal(text), g);
// Longest first, so that "Poliisin pyyntö: …" is read as that, not as "Poliisi" and the rest.
const groundsByLength = [...groundsByText].sort((a, b) => b[0].length - a[0].length);

/**
 * R9 category of a grounds cell: a category code, its label in any of the three languages, a
 * text the mapping names, or a label followed by the reason (`Poliisin pyyntö: varkaus`).
 */
export function parseGrounds(
  text: string,
  mapped: Record<string, Grounds> | undefined,
): { grounds: Grounds; rest: string } | null {
  const t = normal(text);
  // A mapping file's own words first: a library may mean something else by a common word.
  for (const [key, value] of Object.entries(mapped ?? {}))
    if (normal(key) === t) return { grounds: value, rest: '' };
  const exact = groundsByText.get(t);
  if (exact) return { grounds: exact, rest: '' };
  for (const [label, g] of groundsByLength) {
    if (t.startsWith(label) && /^[\s:;,.–-]/.test(t.slice(label.length))) {
      return {
        grounds: g,
        rest: text
          .trim()
          .slice(label.length)
          .replace(/^[\s:;,.–-]+/, '')
          .trim(),
      };
    }
  }
  return null;
}

const accepted = new Set([
  'hyväksytty',
  'hyväksytään',
  'hyväksyttiin',
  'hyväksyntä',
  'accepted',
  'godkänd',
  'godkänt',
  'ok',
]);
const rejected = new Set(['hylätty', 'hylätään', 'hylättiin', 'hylkäys', 'rejected', 'avslagen', 'avslaget']);
for (const lang of langValues) {
  accepted.add(words[lang].accepted);
  rejected.add(words[lang].rejected);
}

export function parseDecision(v: PlainCell): 'accepted' | 'rejected' | null | 'bad' {
  const t = normal(cellText(v));
  if (t === '') return null;
  if (accepted.has(t)) return 'accepted';
  if (rejected.has(t)) return 'rejected';
  return 'bad';
}
