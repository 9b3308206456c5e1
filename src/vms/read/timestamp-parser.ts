import { DateTime } from 'luxon';

/**
 * Turns timestamp text into milliseconds: either a naive wall-clock time (to be placed in a zone
 * by the zone resolver) or, when the text carries an offset or is an epoch, an instant.
 *
 * The common luxon patterns (digits, separators, AM/PM, offsets) compile to one anchored regular
 * expression, because calling luxon per row costs several microseconds and an import may have a
 * million rows; anything else (month names, week dates, …) falls back to luxon itself.
 */

type FormatParser = (text: string) => number;

const MS_PER_DAY = 86_400_000;
const EXCEL_EPOCH_SERIAL = 25_569; // 1970-01-01 as an Excel (1900 system) serial day

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** Naive wall-clock milliseconds, or NaN when a field is out of range (31.2. etc.). */
export function naiveMs(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): number {
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return Number.NaN;
  if (mi > 59 || s > 59) return Number.NaN;
  // 24:00:00 is the next midnight, as in ISO 8601 and luxon; any other hour past 23 is refused.
  if (h > 23 && !(h === 24 && mi === 0 && s === 0 && ms === 0)) return Number.NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/** Offset text (`Z`, `+03:00`, `+0300`, `-5`) in minutes east of UTC, or NaN. */
function offsetMinutes(text: string): number {
  if (text === 'Z' || text === 'z') return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (m === null) return Number.NaN;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

function fractionMs(digits: string | undefined): number {
  if (digits === undefined || digits === '') return 0;
  return Number(`${digits}00`.slice(0, 3));
}

type Role =
  | 'year'
  | 'month'
  | 'day'
  | 'hour24'
  | 'hour12'
  | 'minute'
  | 'second'
  | 'ms'
  | 'meridiem'
  | 'offset';

const TOKEN_REGEX: Record<string, [string, Role]> = {
  yyyy: ['(\\d{4})', 'year'],
  M: ['(\\d{1,2})', 'month'],
  MM: ['(\\d{2})', 'month'],
  d: ['(\\d{1,2})', 'day'],
  dd: ['(\\d{2})', 'day'],
  H: ['(\\d{1,2})', 'hour24'],
  HH: ['(\\d{2})', 'hour24'],
  h: ['(\\d{1,2})', 'hour12'],
  hh: ['(\\d{2})', 'hour12'],
  m: ['(\\d{1,2})', 'minute'],
  mm: ['(\\d{2})', 'minute'],
  s: ['(\\d{1,2})', 'second'],
  ss: ['(\\d{2})', 'second'],
  S: ['(\\d{1,3})', 'ms'],
  SSS: ['(\\d{3})', 'ms'],
  a: ['(AM|PM)', 'meridiem'],
  Z: ['(Z|[+-]\\d{1,2}(?::?\\d{2})?)', 'offset'],
  ZZ: ['(Z|[+-]\\d{2}:\\d{2})', 'offset'],
  ZZZ: ['(Z|[+-]\\d{4})', 'offset'],
};

interface FormatToken {
  literal: boolean;
  text: string;
}

/** Splits a luxon format into tokens (runs of one letter) and literals ('quoted' or not letters). */
function tokenize(format: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  let i = 0;
  while (i < format.length) {
    const c = format[i] as string;
    if (c === "'") {
      const close = format.indexOf("'", i + 1);
      const end = close === -1 ? format.length : close;
      tokens.push({ literal: true, text: format.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (format[j] === c) j++;
      tokens.push({ literal: false, text: format.slice(i, j) });
      i = j;
    } else {
      tokens.push({ literal: true, text: c });
      i++;
    }
  }
  return tokens;
}

function escapeLiteral(text: string): string {
  // Exports disagree on the space before AM/PM (plain, no-break, narrow no-break): accept any.
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ \\t\\u00a0\\u202f]+');
}

/** A regex-based parser for `format`, or null when it uses a token only luxon understands. */
function compileFast(format: string, locale: string, result: { explicit: boolean }): FormatParser | null {
  let source = '^';
  const roles: Role[] = [];
  for (const token of tokenize(format)) {
    if (token.literal) {
      source += escapeLiteral(token.text);
      continue;
    }
    const known = TOKEN_REGEX[token.text];
    if (known === undefined) return null;
    if (known[1] === 'meridiem' && !locale.toLowerCase().startsWith('en')) return null;
    source += known[0];
    roles.push(known[1]);
  }
  const has = (r: Role) => roles.includes(r);
  if (has('hour12') !== has('meridiem') || !has('year') || !has('month') || !has('day')) return null;
  const regex = new RegExp(`${source}$`, 'i');
  const at = (r: Role) => roles.indexOf(r) + 1;
  const [iY, iMo, iD, iH24, iH12, iMi, iS, iMs, iAp, iOff] = [
    at('year'),
    at('month'),
    at('day'),
    at('hour24'),
    at('hour12'),
    at('minute'),
    at('second'),
    at('ms'),
    at('meridiem'),
    at('offset'),
  ];
  return (text) => {
    const m = regex.exec(text);
    if (m === null) return Number.NaN;
    let hour = iH24 > 0 ? Number(m[iH24]) : 0;
    if (iH12 > 0) {
      hour = Number(m[iH12]);
      if (hour < 1 || hour > 12) return Number.NaN;
      const pm = (m[iAp] as string).toUpperCase() === 'PM';
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    const naive = naiveMs(
      Number(m[iY]),
      Number(m[iMo]),
      Number(m[iD]),
      hour,
      iMi > 0 ? Number(m[iMi]) : 0,
      iS > 0 ? Number(m[iS]) : 0,
      iMs > 0 ? fractionMs((m[iMs] as string).padStart(3, '0')) : 0,
    );
    if (iOff === 0) {
      result.explicit = false;
      return naive;
    }
    const offset = offsetMinutes(m[iOff] as string);
    result.explicit = true;
    return naive - offset * 60_000;
  };
}

const ISO_REGEX =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function compileIso(result: { explicit: boolean }): FormatParser {
  return (text) => {
    const m = ISO_REGEX.exec(text);
    if (m === null) return luxonIso(text, result);
    const naive = naiveMs(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      fractionMs(m[7]),
    );
    if (m[8] === undefined) {
      result.explicit = false;
      return naive;
    }
    result.explicit = true;
    return naive - offsetMinutes(m[8]) * 60_000;
  };
}

/** Rare ISO shapes (week or ordinal dates, basic format) that the regex does not take. */
function luxonIso(text: string, result: { explicit: boolean }): number {
  const dt = DateTime.fromISO(text, { zone: 'UTC' });
  if (!dt.isValid) return Number.NaN;
  result.explicit = /T.*(?:z|[+-]\d{2}(?::?\d{2})?)$/i.test(text);
  return dt.toMillis();
}

function compileEpoch(scale: number, result: { explicit: boolean }): FormatParser {
  return (text) => {
    if (!/^[+-]?\d+(?:\.\d+)?$/.test(text)) return Number.NaN;
    result.explicit = true;
    return Math.round(Number(text) * scale);
  };
}

function compileLuxon(format: string, locale: string, result: { explicit: boolean }): FormatParser {
  // With zone UTC luxon reads a zone-less text as UTC wall time (our naive ms), and converts a
  // text with an offset to its instant; the format tells which of the two we got.
  const carriesOffset = tokenize(format).some((t) => !t.literal && /^[Zz]+$/.test(t.text));
  return (text) => {
    const dt = DateTime.fromFormat(text, format, { zone: 'UTC', locale });
    if (!dt.isValid) return Number.NaN;
    result.explicit = carriesOffset;
    return dt.toMillis();
  };
}

export class TimestampParser {
  /** Whether the last successful parse gave an instant (offset in the text, or an epoch). */
  explicit = false;
  readonly hasEpochFormat: boolean;
  private readonly parsers: FormatParser[];
  private readonly epochScale: number;
  /** Index of the format that matched first in this file: tried first, so a file reads consistently. */
  private sticky = -1;

  constructor(formats: readonly string[], locale: string) {
    this.parsers = formats.map((f) => {
      if (f === 'iso') return compileIso(this);
      if (f === 'epoch-seconds') return compileEpoch(1000, this);
      if (f === 'epoch-millis') return compileEpoch(1, this);
      return compileFast(f, locale, this) ?? compileLuxon(f, locale, this);
    });
    this.epochScale = formats.includes('epoch-seconds') ? 1000 : formats.includes('epoch-millis') ? 1 : 0;
    this.hasEpochFormat = this.epochScale > 0;
  }

  /** Milliseconds (naive or instant, see `explicit`), or NaN when no format matches. */
  parse(raw: string): number {
    const text = raw.trim();
    if (text === '') return Number.NaN;
    if (this.sticky >= 0) {
      const ms = (this.parsers[this.sticky] as FormatParser)(text);
      if (!Number.isNaN(ms)) return ms;
    }
    for (let i = 0; i < this.parsers.length; i++) {
      if (i === this.sticky) continue;
      const ms = (this.parsers[i] as FormatParser)(text);
      if (!Number.isNaN(ms)) {
        if (this.sticky < 0) this.sticky = i;
        return ms;
      }
    }
    return Number.NaN;
  }

  /**
   * A numeric cell: an epoch when the profile has an epoch format, else (from a workbook) an
   * Excel serial date without a date style, which is naive wall-clock time.
   */
  parseNumber(n: number, excelSerial: boolean): number {
    if (!Number.isFinite(n)) return Number.NaN;
    if (this.epochScale > 0) {
      this.explicit = true;
      return Math.round(n * this.epochScale);
    }
    if (excelSerial) {
      this.explicit = false;
      return Math.round((n - EXCEL_EPOCH_SERIAL) * MS_PER_DAY);
    }
    return this.parse(String(n));
  }
}
