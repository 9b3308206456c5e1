import { DateTime } from 'luxon';
import { HELSINKI } from '../time.js';
import { parseWallDate, parseWallTime } from '../wall-time.js';
import type { Messages } from './messages/index.js';

/** What a form field held: the value the domain takes, or the message shown beside the field. */
export type Typed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A typed Helsinki wall time as a UTC instant; a time in the DST gap or fold is refused, never guessed. */
export function typedInstant(m: Messages, text: string): Typed<string> {
  const parsed = parseWallTime(text);
  if (parsed.ok) return { ok: true, value: parsed.utc };
  const error =
    parsed.reason === 'dst_gap' ? m.timeGap : parsed.reason === 'dst_fold' ? m.timeFold : m.timeFormat;
  return { ok: false, error };
}

/** A typed day `7.12.2026` as its calendar date and the instants its Helsinki day starts and ends. */
export function typedDay(m: Messages, text: string): Typed<{ date: string; start: string; end: string }> {
  const parsed = parseWallDate(text);
  if (!parsed.ok) return { ok: false, error: m.dateFormat };
  const date = DateTime.fromISO(parsed.start, { zone: HELSINKI }).toISODate() ?? '';
  return { ok: true, value: { date, start: parsed.start, end: parsed.end } };
}

/** A day as a person types it back: `7.12.2026`. */
export const toDayText = (utc: string) => DateTime.fromISO(utc, { zone: HELSINKI }).toFormat('d.M.yyyy');

type Form = Record<string, unknown>;

/** One text field of a posted form ('' when absent). */
export const formText = (form: unknown, key: string): string => {
  const v = (form as Form | undefined)?.[key];
  return typeof v === 'string' ? v : '';
};

/** A field that may be sent several times (checkboxes). */
export const formList = (form: unknown, key: string): string[] => {
  const v = (form as Form | undefined)?.[key];
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : typeof v === 'string'
      ? [v]
      : [];
};
