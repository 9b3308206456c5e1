import { type CellValue, cellText, isEmptyCell, naiveDateText } from './cell-value.js';
import type { RowIssues } from './row-issues.js';
import { TimestampParser } from './timestamp-parser.js';
import type { VmsProfile } from './vms-profile.schema.js';
import type { ZoneResolver } from './zone-resolver.js';

/**
 * The instant of a record: from one time cell or a date and a time cell, as text (CSV, JSON),
 * workbook dates or numbers; an offset in the data wins, else the import's zone decides.
 */

const MIN_MS = -62_135_596_800_000; // 0001-01-01
const MAX_MS = 253_402_300_799_999; // 9999-12-31
const DAY_MS = 86_400_000;
const MIXED_CELL_FORMATS = [
  'yyyy-MM-dd H:mm:ss',
  'yyyy-MM-dd H.mm.ss',
  'yyyy-MM-dd h:mm:ss a',
  'yyyy-MM-dd H:mm',
];

export function inDateRange(ms: number): boolean {
  return ms >= MIN_MS && ms <= MAX_MS;
}

function serialDate(n: number): Date {
  return new Date(Math.round((n - 25_569) * DAY_MS));
}

export interface RowTimeOptions {
  profile: VmsProfile;
  resolver: ZoneResolver;
  /** Column names for issues. */
  timeLabel: string;
  dateLabel: string | null;
  numbersAreExcelSerials: boolean;
}

export class RowTime {
  /** The time as the file wrote it, after read(). */
  text = '';
  private readonly parser: TimestampParser;
  private readonly mixedParser: TimestampParser;
  private readonly resolver: ZoneResolver;
  private readonly serials: boolean;
  private readonly timeLabel: string;
  private readonly dateLabel: string | null;
  private readonly issueColumn: string;
  private readonly formatsText: string;
  /** Milliseconds already known from typed cells, or NaN to parse `text`. */
  private typedMs = Number.NaN;

  constructor(o: RowTimeOptions) {
    this.parser = new TimestampParser(o.profile.timestamps.formats, o.profile.timestamps.locale);
    this.mixedParser = new TimestampParser(MIXED_CELL_FORMATS, 'en-US');
    this.resolver = o.resolver;
    this.serials = o.numbersAreExcelSerials;
    this.timeLabel = o.timeLabel;
    this.dateLabel = o.dateLabel;
    this.issueColumn = o.dateLabel === null ? o.timeLabel : `${o.dateLabel}, ${o.timeLabel}`;
    this.formatsText = o.profile.timestamps.formats.join("', '");
  }

  /** UTC milliseconds of the record, or NaN after adding an error to `issues`. */
  read(time: CellValue, date: CellValue, line: number, issues: RowIssues): number {
    if (!this.readRaw(time, date, line, issues)) return Number.NaN;
    let ms = this.typedMs;
    if (Number.isNaN(ms)) ms = this.parser.parse(this.text);
    if (Number.isNaN(ms) || !inDateRange(ms)) {
      issues.add(
        'error',
        line,
        this.issueColumn,
        'bad_time',
        `"${this.text}" matches none of the formats '${this.formatsText}'`,
      );
      return Number.NaN;
    }
    if (this.parser.explicit) {
      this.resolver.observe(ms);
      return ms;
    }
    const instant = this.resolver.resolve(ms);
    if (this.resolver.lastKind !== 'exact')
      issues.noteZone(this.resolver, line, this.issueColumn, this.text, instant);
    this.resolver.observe(instant);
    return instant;
  }

  /** Sets `text` (and `typedMs` for typed cells); false after a missing_value error. */
  private readRaw(t: CellValue, d: CellValue, line: number, issues: RowIssues): boolean {
    this.typedMs = Number.NaN;
    if (this.dateLabel === null) {
      if (typeof t === 'string') {
        this.text = t.trim();
        if (this.text !== '') return true;
      } else if (t instanceof Date) {
        this.text = naiveDateText(t, 'both');
        this.typedMs = t.getTime();
        this.parser.explicit = false;
        return true;
      } else if (typeof t === 'number') {
        this.text = String(t);
        this.typedMs = this.parser.parseNumber(t, this.serials);
        return true;
      } else if (t !== null && t !== undefined) {
        this.text = cellText(t);
        if (this.text !== '') return true;
      }
      return this.missing(line, this.timeLabel, 'time', issues);
    }
    if (isEmptyCell(d)) return this.missing(line, this.dateLabel, 'date', issues);
    if (isEmptyCell(t)) return this.missing(line, this.timeLabel, 'time', issues);
    const dd = typeof d === 'number' ? serialDate(d) : d;
    const tt = typeof t === 'number' ? serialDate(t) : t;
    if (dd instanceof Date && tt instanceof Date) {
      this.text = `${naiveDateText(dd, 'date')} ${naiveDateText(tt, 'time')}`;
      const day = Math.floor(dd.getTime() / DAY_MS) * DAY_MS;
      this.typedMs = day + (((tt.getTime() % DAY_MS) + DAY_MS) % DAY_MS);
      this.parser.explicit = false;
    } else if (dd instanceof Date) {
      this.text = `${naiveDateText(dd, 'date')} ${cellText(tt)}`;
      this.typedMs = this.mixedParser.parse(this.text);
      this.parser.explicit = this.mixedParser.explicit;
    } else if (tt instanceof Date) {
      this.text = `${cellText(dd)} ${naiveDateText(tt, 'time')}`;
    } else {
      this.text = `${cellText(dd)} ${cellText(tt)}`;
    }
    return true;
  }

  private missing(line: number, column: string, what: string, issues: RowIssues): false {
    issues.add('error', line, column, 'missing_value', `no ${what} on this row`);
    return false;
  }
}
