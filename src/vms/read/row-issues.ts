import { utcIso } from '../../time.js';
import type { RowIssueCode, VmsReadItem } from './vms-event.js';
import { formatOffset, type ZoneResolver } from './zone-resolver.js';

type IssueItem = Extract<VmsReadItem, { kind: 'error' | 'warning' }>;

/** The errors and warnings of the record being mapped; reused from row to row. */
export class RowIssues {
  readonly items: IssueItem[] = [];
  hasError = false;

  reset(): void {
    if (this.items.length > 0) this.items.length = 0;
    this.hasError = false;
  }

  add(kind: 'error' | 'warning', line: number, column: string, code: RowIssueCode, message: string): void {
    if (kind === 'error') this.hasError = true;
    this.items.push({ kind, issue: { line, column, code, message } });
  }

  /** The warning the import promises for a local time in a DST gap or overlap. */
  noteZone(resolver: ZoneResolver, line: number, column: string, text: string, instant: number): void {
    if (resolver.lastKind === 'nonexistent') {
      this.add(
        'warning',
        line,
        column,
        'nonexistent_local_time',
        `"${text}" does not exist in ${resolver.zoneName} (clocks went forward); ` +
          `stored shifted forward as ${utcIso(instant)}`,
      );
    } else if (resolver.lastKind === 'ambiguous') {
      const how = resolver.lastByRowOrder
        ? 'by the order of rows'
        : 'as the earlier of the two (row order does not tell)';
      this.add(
        'warning',
        line,
        column,
        'ambiguous_local_time',
        `"${text}" happens twice in ${resolver.zoneName} (clocks went back); read ${how} as ` +
          `${formatOffset(resolver.offsetAt(instant))}, ${utcIso(instant)}`,
      );
    }
  }
}
