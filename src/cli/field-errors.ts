import type { FieldError } from '../errors.js';

/** Most field errors printed for one refusal; the rest are counted. */
const shown = 50;

/** A refusal's field errors as lines for a terminal: `line 4, column time: …`, or `field: …`. */
export function fieldErrorLines(errors: readonly FieldError[]): string[] {
  const lines = errors.slice(0, shown).map((e) => {
    const where = [
      e.line ? `line ${e.line}` : undefined,
      e.column ? `column ${e.column}` : e.line ? undefined : e.field,
    ].filter(Boolean);
    return `${where.join(', ')}: ${e.message}`;
  });
  if (errors.length > shown) lines.push(`… and ${errors.length - shown} more`);
  return lines;
}
