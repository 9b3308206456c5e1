import { type TimeResult, toInstant } from './import-values.js';

/**
 * R7 item 2 as the register notice's protocol writes it, in one column "Katseltava asia sekä
 * päivämäärä ja kellonaika": `Ilkivalta pihalla 13.10.2026 klo 21-22`. The text is split into
 * the description and the footage period. Dates: `13.10.2026`, `13.10.26`, `ma 13.10.2026`,
 * `13/10/2026`, `2026-10-13`; times after `klo`, `kello`, `kl.` or none: `21.30`, `21:30`,
 * `21.00–22.30`, `21-22`, `klo 21`. A time given in whole hours only (`21-22`, `klo 21`) is an
 * estimate, and so is one the text calls one (`arviolta`, `noin`, `n.`, `ungefär`, `cirka`…).
 * An end earlier than the start is on the next day (`23-01`).
 */

const date = String.raw`(?:(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})|(\d{1,2})\/(\d{1,2})\/(\d{4})|(\d{4})-(\d{2})-(\d{2}))`;
// A weekday only as a word of its own: the "la" of "pihalla" is not Saturday.
const weekday = String.raw`(?:(?<![\p{L}])(?:ma|ti|ke|to|pe|la|su|mån|tis|ons|tor|fre|lör|sön)\.?\s+)?`;
const clock = String.raw`(?:(klo\.?|kello|kl\.?)\s*)?`;
const time = String.raw`(\d{1,2})(?:[.:](\d{2}))?`;
const matterPattern = new RegExp(
  String.raw`${weekday}${date}(?:\s*,)?\s*${clock}${time}(?:\s*(?:[-–—]|to|till)\s*${time})?(?![\d.:/])`,
  'iu',
);

const estimateWords =
  /(?:^|[\s(,])(?:arvio|arviolta|arviolta\.|noin|n\.|ca\.?|ungefär|cirka|approx\.?|approximately|about)(?=$|[\s),.])/i;

export const textSaysEstimated = (text: string) => estimateWords.test(text);

export interface MatterText {
  /** The text without the date and time (the whole text if nothing else is left). */
  description: string;
  from: TimeResult;
  to: TimeResult;
  estimated: boolean;
}

function wall(y: number, mo: number, d: number, h: number, mi: number): Date | null {
  const year = y < 100 ? 2000 + y : y;
  if (h > 24 || mi > 59) return null;
  const at = new Date(Date.UTC(year, mo - 1, d, h, mi));
  return at.getUTCFullYear() === year && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d ? at : null;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** What is left of the text once the date and time are taken out: no stray `klo`, commas or dashes. */
function remainder(text: string, index: number, length: number): string {
  const rest = `${text.slice(0, index)} ${text.slice(index + length)}`
    .replace(/\(\s*(?:arviolta|arvio|noin|ungefär|cirka)\s*\)/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, '')
    .trim();
  return rest === '' ? text.trim() : rest;
}

export function matterFromText(text: string): MatterText | null {
  const m = matterPattern.exec(text);
  if (!m) return null;
  const [y, mo, d] = m[1]
    ? [Number(m[3]), Number(m[2]), Number(m[1])]
    : m[4]
      ? [Number(m[6]), Number(m[5]), Number(m[4])]
      : [Number(m[7]), Number(m[8]), Number(m[9])];
  const connector = m[10];
  const [h1, mi1, h2, mi2] = [m[11], m[12], m[13], m[14]];
  const range = h2 !== undefined;
  // A bare number after a date is not a time unless `klo` or a range says it is ("… 13.10.2026 2 henkilöä").
  if (!connector && !range && mi1 === undefined) return null;
  const hoursOnly = mi1 === undefined && (!range || mi2 === undefined);
  const start = wall(y, mo, d, Number(h1), Number(mi1 ?? 0));
  if (!start) return null;
  let end: Date | null;
  if (range) {
    end = wall(y, mo, d, Number(h2), Number(mi2 ?? 0));
    if (end && end < start) end = new Date(end.getTime() + dayMs);
  } else {
    // `klo 21`: the hour from 21 to 22; `klo 21.15`: that minute.
    end = hoursOnly ? new Date(start.getTime() + hourMs) : start;
  }
  if (!end) return null;
  return {
    description: remainder(text, m.index, m[0].length),
    from: toInstant({ kind: 'wall', wall: start, hasTime: true }),
    to: toInstant({ kind: 'wall', wall: end, hasTime: true }),
    estimated: hoursOnly || textSaysEstimated(text),
  };
}
