import { z } from 'zod';
import { langValues, protocolHeadings } from '../export/index.js';
import { groundsValues } from '../protocol/index.js';

/**
 * Which column of an existing Excel ledger holds which of the six items (R7). Finnish
 * headings are recognised by default — the register notice's wording and the words people
 * use in their own sheets — and so are the headings the export writes in all three
 * languages, so an exported protocol sheet reads back. A mapping file overrides the guess.
 */
export const importFields = [
  'viewedAt',
  'viewedDate',
  'viewedTime',
  'viewedUntil',
  'description',
  'site',
  'cameras',
  'footageFrom',
  'footageTo',
  'footageTimeEstimated',
  'grounds',
  'justification',
  'decidedBy',
  'viewer',
  'requester',
  'requestDecision',
] as const;
export type ImportField = (typeof importFields)[number];

/** The R7 item each field belongs to. */
export const itemOf: Record<ImportField, 1 | 2 | 3 | 4 | 5 | 6> = {
  viewedAt: 1,
  viewedDate: 1,
  viewedTime: 1,
  viewedUntil: 1,
  description: 2,
  site: 2,
  cameras: 2,
  footageFrom: 2,
  footageTo: 2,
  footageTimeEstimated: 2,
  grounds: 3,
  justification: 3,
  decidedBy: 4,
  viewer: 5,
  requester: 6,
  requestDecision: 6,
};

/** Finnish headings of existing ledgers, beyond the ones the export writes. */
const finnishSynonyms: Partial<Record<ImportField, string[]>> = {
  viewedAt: [
    'katseluaika',
    'katselun ajankohta',
    'katselupäivä ja -aika',
    'katselun päivämäärä ja kellonaika',
  ],
  viewedDate: ['katselupäivä', 'päivämäärä', 'pvm', 'päiväys'],
  viewedTime: ['kellonaika', 'klo', 'katselun kellonaika'],
  description: ['katseltava asia', 'katseltu asia', 'kuvaus', 'tapahtuma'],
  site: ['kirjasto', 'toimipaikka'],
  cameras: ['kamera'],
  grounds: ['peruste', 'katselun syy'],
  decidedBy: ['päättäjä', 'katselusta päättänyt', 'katselusta päättänyt henkilö'],
  viewer: ['katsoja', 'katselija', 'katselun suorittaja', 'katselun suorittanut henkilö'],
  requester: ['ulkopuolinen pyytäjä', 'pyytäjä', 'pyynnön esittäjä', 'katselupyynnön esittäjä'],
  requestDecision: ['päätös', 'hyväksytty / hylätty', 'hyväksytty tai hylätty'],
};

/** Lower case, one space, no numbering ("1. ") and no trailing colon: how headings compare. */
export function normaliseHeading(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\d+\s*[.)]\s*/, '')
    .replace(/\s*[:*]$/, '');
}

const known = new Map<string, ImportField>();
for (const lang of langValues) {
  for (const field of importFields) {
    const heading = (protocolHeadings[lang] as Record<string, string>)[field];
    if (heading) known.set(normaliseHeading(heading), field);
  }
}
for (const [field, names] of Object.entries(finnishSynonyms)) {
  for (const name of names)
    if (!known.has(normaliseHeading(name))) known.set(normaliseHeading(name), field as ImportField);
}

export const recogniseHeading = (text: string): ImportField | undefined => known.get(normaliseHeading(text));

/** `--map mapping.json` / the `mapping` form field. */
export const ledgerMappingSchema = z.strictObject({
  sheet: z.string().min(1).max(100).optional().describe('worksheet name; default the first'),
  headerRow: z.number().int().min(1).max(1000).optional().describe('row of the headings; default found'),
  columns: z
    .partialRecord(z.enum(importFields), z.union([z.string().min(1).max(300), z.null()]))
    .optional()
    .describe('field → heading text or column letter; null ignores a recognised column'),
  grounds: z
    .record(z.string().min(1).max(300), z.enum(groundsValues))
    .optional()
    .describe('texts of the grounds column → R9 category'),
});
export type LedgerMapping = z.infer<typeof ledgerMappingSchema>;

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function letterIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export interface ColumnRef {
  index: number;
  heading: string;
}
export type Layout = Partial<Record<ImportField, ColumnRef>>;

/** How many fields a row's texts name: the heading row is the row that names the most. */
export function headingScore(texts: readonly string[]): number {
  const fields = new Set<ImportField>();
  for (const t of texts) {
    const f = recogniseHeading(t);
    if (f) fields.add(f);
  }
  return fields.size;
}

/**
 * The columns of each field: recognised headings first (the first of two columns with the same
 * meaning wins, and the second is reported), then the mapping's overrides.
 */
export function layoutOf(
  headings: readonly string[],
  mapping: LedgerMapping['columns'],
): { layout: Layout; problems: string[]; duplicates: string[] } {
  const layout: Layout = {};
  const problems: string[] = [];
  const duplicates: string[] = [];
  headings.forEach((heading, index) => {
    const field = recogniseHeading(heading);
    if (!field) return;
    if (layout[field])
      duplicates.push(`column ${columnLetter(index)} “${heading}” repeats ${field}; the first one is read`);
    else layout[field] = { index, heading };
  });
  for (const [field, spec] of Object.entries(mapping ?? {}) as [ImportField, string | null][]) {
    if (spec === null) {
      delete layout[field];
      continue;
    }
    const byHeading = headings.findIndex((h) => normaliseHeading(h) === normaliseHeading(spec));
    if (byHeading >= 0) layout[field] = { index: byHeading, heading: headings[byHeading] ?? spec };
    else if (/^[A-Z]{1,3}$/.test(spec))
      layout[field] = { index: letterIndex(spec), heading: headings[letterIndex(spec)] ?? '' };
    else problems.push(`mapping.columns.${field}: no column “${spec}” in the heading row`);
  }
  return { layout, problems, duplicates };
}

/** The items whose columns are missing (R7): each row must carry all six. */
export function missingItems(layout: Layout, siteGiven: boolean): { item: number; field: ImportField }[] {
  const missing: { item: number; field: ImportField }[] = [];
  if (!layout.viewedAt && !layout.viewedDate) missing.push({ item: 1, field: 'viewedAt' });
  if (!layout.description) missing.push({ item: 2, field: 'description' });
  if (!siteGiven && !layout.site) missing.push({ item: 2, field: 'site' });
  if (!layout.grounds) missing.push({ item: 3, field: 'grounds' });
  if (!layout.decidedBy) missing.push({ item: 4, field: 'decidedBy' });
  if (!layout.viewer) missing.push({ item: 5, field: 'viewer' });
  return missing;
}

/** `C “Katselupäivä ja kellonaika”`: how a message names a column. */
export const columnName = (ref: ColumnRef) => `${columnLetter(ref.index)} “${ref.heading}”`;
