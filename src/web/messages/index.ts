import { DateTime } from 'luxon';
import { HELSINKI } from '../../time.js';
import { en } from './en.js';
import { fi, type Messages } from './fi.js';
import { sv } from './sv.js';

export type { Messages };

export const langValues = ['fi', 'sv', 'en'] as const;
export type Lang = (typeof langValues)[number];

export const catalogs: Record<Lang, Messages> = { fi, sv, en };

export const isLang = (value: unknown): value is Lang =>
  typeof value === 'string' && (langValues as readonly string[]).includes(value);

/** Fills `{name}` placeholders; a placeholder without a value stays visible rather than vanishing. */
export function fill(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

/** An instant in Europe/Helsinki, in the language's usual way: fi `7.12.2026 klo 17.05`. */
export const formatTime = (m: Messages, utc: string) =>
  DateTime.fromISO(utc, { zone: HELSINKI }).setLocale(m.lang).toFormat(m.dateTimeFormat);
