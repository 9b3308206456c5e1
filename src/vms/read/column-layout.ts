import type { ColumnLabels } from './record-mapper.js';
import type { RowIssue } from './vms-event.js';
import { columnAlternatives, VMS_FIELDS, type VmsField, type VmsProfile } from './vms-profile.schema.js';

/**
 * Finds the profile's columns in a header row. Names match ignoring case, surrounding spaces and
 * repeated inner spaces; the first alternative present wins.
 */

export interface ColumnLayout {
  /** Column index per field, in VMS_FIELDS order; -1 when the file lacks it. */
  indexes: number[];
  labels: ColumnLabels;
}

const OPTIONAL_FIELDS: ReadonlySet<VmsField> = new Set([
  'userHost',
  'camera',
  'message',
  'footageFrom',
  'footageTo',
]);

/** A missing camera column is worth a warning: every event would then match at site level only. */
const WARN_IF_MISSING: ReadonlySet<VmsField> = new Set(['camera']);

export function normaliseHeader(name: string): string {
  return name
    .replace(/^\ufeff/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

export function layoutColumns(
  header: readonly string[],
  profile: VmsProfile,
  line: number,
): { layout: ColumnLayout; errors: RowIssue[]; warnings: RowIssue[] } {
  const positions = new Map<string, number>();
  header.forEach((name, i) => {
    const key = normaliseHeader(name);
    if (key !== '' && !positions.has(key)) positions.set(key, i);
  });
  const indexes: number[] = [];
  const labels: ColumnLabels = {};
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  for (const field of VMS_FIELDS) {
    const alternatives = columnAlternatives(profile.columns[field]);
    let index = -1;
    for (const name of alternatives) {
      const found = positions.get(normaliseHeader(name));
      if (found !== undefined) {
        index = found;
        break;
      }
    }
    indexes.push(index);
    if (index >= 0) {
      labels[field] = (header[index] as string).replace(/^\ufeff/, '').trim();
      continue;
    }
    if (alternatives.length === 0) continue;
    const wanted = alternatives.map((a) => `"${a}"`).join(' or ');
    const issue = { line, column: alternatives[0] as string };
    if (OPTIONAL_FIELDS.has(field)) {
      if (!WARN_IF_MISSING.has(field)) continue;
      warnings.push({
        ...issue,
        code: 'missing_optional_column',
        message: `no column ${wanted} (${field}); events will name no camera`,
      });
    } else {
      errors.push({
        ...issue,
        code: 'missing_column',
        message: `required column ${wanted} (${field}) is missing from the header`,
      });
    }
  }
  return { layout: { indexes, labels }, errors, warnings };
}
