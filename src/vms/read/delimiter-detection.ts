import { VmsFileError } from './vms-event.js';

/** Guessing the newline and the delimiter of delimited text from its first line. */

export type Newline = '\n' | '\r\n' | '\r';

const AUTO_DELIMITERS = [',', ';', '\t', '|'] as const;

export function detectNewline(text: string): Newline {
  const lf = text.indexOf('\n');
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n';
  if (lf >= 0) return '\n';
  return text.includes('\r') ? '\r' : '\n';
}

export function firstNonBlankLine(text: string): string {
  for (const line of text.split(/\r\n|\n|\r/)) if (line.trim() !== '') return line;
  return '';
}

/**
 * The delimiter to parse with (the profile's, or the most frequent candidate outside quotes on
 * the header line), and the one the header seems to use, for the wrong_delimiter message.
 */
export function chooseDelimiter(
  declared: string,
  headerLine: string,
): { delimiter: string; likely: string | null } {
  const counts = new Map<string, number>(AUTO_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) as number) + 1);
  }
  let likely: string | null = null;
  let best = 0;
  for (const [d, n] of counts) {
    if (n > best) {
      best = n;
      likely = d;
    }
  }
  return { delimiter: declared === 'auto' ? (likely ?? ',') : declared, likely };
}

function describe(d: string): string {
  return d === '\t' ? 'tab' : `"${d}"`;
}

export function wrongDelimiter(
  line: number,
  used: string,
  likely: string | null,
  declared: string,
): VmsFileError {
  const hint =
    likely !== null && likely !== used
      ? `; it looks ${describe(likely)}-separated`
      : declared === 'auto'
        ? '; none of , ; tab | separates its columns'
        : '';
  return new VmsFileError(
    'wrong_delimiter',
    `the header splits into one column on ${describe(used)}${hint}`,
    line,
  );
}
