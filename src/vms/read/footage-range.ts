import { type CellValue, cellText, isEmptyCell } from './cell-value.js';
import type { RowIssues } from './row-issues.js';
import { inDateRange } from './row-time.js';
import { TimestampParser } from './timestamp-parser.js';
import type { VmsProfile } from './vms-profile.schema.js';
import type { ZoneResolver } from './zone-resolver.js';

/**
 * The footage range a record says was viewed: from footage columns (a bad value rejects the
 * record, like a bad time) or pulled out of the message by the profile's pattern (a bad value is
 * only a warning: the message is free text and the event stands without a range).
 */

const MAX_PATTERN_INPUT = 2_000; // a profile's regex never sees more, whatever it is

export interface FootageLabels {
  from: string | null;
  to: string | null;
  message: string;
}

export class FootageRange {
  from: string | null = null;
  to: string | null = null;
  private readonly parser: TimestampParser;
  private readonly resolver: ZoneResolver;
  private readonly serials: boolean;
  private readonly pattern: RegExp | null;
  private readonly labels: FootageLabels;
  private readonly active: boolean;

  constructor(
    profile: VmsProfile,
    resolver: ZoneResolver,
    labels: FootageLabels,
    numbersAreExcelSerials: boolean,
  ) {
    const { formats, locale } = profile.timestamps;
    this.parser = new TimestampParser(profile.footage?.formats ?? formats, locale);
    this.resolver = resolver;
    this.serials = numbersAreExcelSerials;
    const pattern = profile.footage?.messagePattern;
    this.pattern = pattern === undefined ? null : new RegExp(pattern);
    this.labels = labels;
    this.active = this.pattern !== null || labels.from !== null || labels.to !== null;
  }

  /** Sets `from` and `to` (UTC ISO or null); false when a footage column is malformed. */
  read(fromCell: CellValue, toCell: CellValue, message: string, line: number, issues: RowIssues): boolean {
    this.from = null;
    this.to = null;
    if (!this.active) return true;
    if (this.labels.from !== null || this.labels.to !== null) {
      const from = this.time(fromCell, line, this.labels.from ?? '', 'error', issues);
      const to = this.time(toCell, line, this.labels.to ?? '', 'error', issues);
      if (from === undefined || to === undefined) return false;
      this.from = from;
      this.to = to;
      if (from !== null || to !== null) return true;
    }
    if (this.pattern === null || message === '') return true;
    const groups = this.pattern.exec(message.slice(0, MAX_PATTERN_INPUT))?.groups;
    if (groups === undefined) return true;
    this.from = this.time(groups['from'], line, this.labels.message, 'warning', issues) ?? null;
    this.to = this.time(groups['to'], line, this.labels.message, 'warning', issues) ?? null;
    return true;
  }

  /** UTC ISO; null when empty; undefined when unreadable (issue added with `severity`). */
  private time(
    v: CellValue,
    line: number,
    column: string,
    severity: 'error' | 'warning',
    issues: RowIssues,
  ): string | null | undefined {
    if (isEmptyCell(v)) return null;
    let ms: number;
    if (v instanceof Date) {
      ms = v.getTime();
      this.parser.explicit = false;
    } else if (typeof v === 'number') {
      ms = this.parser.parseNumber(v, this.serials);
    } else {
      ms = this.parser.parse(cellText(v));
    }
    // Epoch zero is how the Nx API says "no range".
    if (ms === 0 && this.parser.explicit) return null;
    if (Number.isNaN(ms) || !inDateRange(ms)) {
      const code = severity === 'error' ? 'bad_time' : 'bad_footage_time';
      issues.add(severity, line, column, code, `footage time "${cellText(v)}" matches none of the formats`);
      return undefined;
    }
    if (this.parser.explicit) return new Date(ms).toISOString();
    const instant = this.resolver.resolveStandalone(ms);
    if (this.resolver.lastKind !== 'exact')
      issues.noteZone(this.resolver, line, column, cellText(v), instant);
    return new Date(instant).toISOString();
  }
}
