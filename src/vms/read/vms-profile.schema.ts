import iconv from 'iconv-lite';
import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * A declarative description of one VMS export format. Everything that differs between camera
 * systems (column names, action words, time patterns, zone, delimiter, encoding) lives here, so
 * that a responsible person can add or fix a format by uploading JSON, with no code change.
 */

/** Logical fields a profile maps; the order is the order of reader value arrays. */
export const VMS_FIELDS = [
  'time',
  'date',
  'user',
  'userHost',
  'camera',
  'action',
  'message',
  'footageFrom',
  'footageTo',
] as const;
export type VmsField = (typeof VMS_FIELDS)[number];

/** Special timestamp formats besides luxon format strings. */
export const SPECIAL_TIME_FORMATS = ['iso', 'epoch-seconds', 'epoch-millis'] as const;

const columnRef = z
  .union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)])
  .describe(
    'Header name (CSV/XLSX, matched ignoring case and surrounding spaces) or dot-separated key path (JSON). ' +
      'An array lists alternatives; the first one present in the file is used.',
  );

const timeZone = z
  .string()
  .refine((tz) => IANAZone.isValidZone(tz), 'not a known IANA time zone, e.g. Europe/Helsinki');

const delimiter = z
  .union([
    z.literal('auto'),
    z
      .string()
      .length(1)
      .refine((d) => !['"', '\r', '\n', '\ufeff'].includes(d), 'cannot be a quote, newline or BOM'),
  ])
  .describe("'auto' picks the most frequent of , ; tab | on the header line");

const encoding = z
  .string()
  .refine((e) => e === 'auto' || iconv.encodingExists(e), 'unknown encoding')
  .describe("'auto': BOM if any, else UTF-16 by NUL pattern, else UTF-8, falling back to Windows-1252");

const actionWords = z.array(z.string().trim().min(1)).default([]);

const footagePattern = z.string().refine((p) => {
  try {
    new RegExp(p);
  } catch {
    return false;
  }
  return p.includes('(?<from>') && p.includes('(?<to>');
}, 'must be a valid regular expression with named groups (?<from>…) and (?<to>…)');

export const vmsProfileSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes')
      .describe('Stable id, e.g. milestone-xprotect'),
    label: z.string().trim().min(1),
    description: z.string().optional(),
    format: z
      .enum(['csv', 'xlsx', 'nx-json'])
      .describe(
        "'csv' and 'xlsx' are both tabular: the reader sniffs the bytes and reads a workbook or delimited text. " +
          "'nx-json' is a JSON array of objects (the Nx Witness API shape).",
      ),
    delimiter: delimiter.default('auto'),
    encoding: encoding.default('auto'),
    columns: z.object({
      time: columnRef.describe('Timestamp, or only the time of day when `date` is also given'),
      date: columnRef.optional().describe('Date part when the export splits date and time'),
      user: columnRef,
      userHost: columnRef.optional(),
      camera: columnRef
        .optional()
        .describe('Camera or source name; a JSON array gives one event per element'),
      action: columnRef,
      message: columnRef.optional(),
      footageFrom: columnRef.optional(),
      footageTo: columnRef.optional(),
    }),
    forwardFill: z
      .array(z.enum(VMS_FIELDS))
      .default([])
      .describe('Fields whose empty cell repeats the value above (Nx leaves Date blank when unchanged)'),
    timestamps: z.object({
      formats: z
        .array(z.string().min(1))
        .min(1)
        .describe(
          "luxon format strings (e.g. 'M/d/yyyy h:mm:ss a', 'd.M.yyyy H.mm.ss') or 'iso', 'epoch-seconds', " +
            "'epoch-millis'. Tried in order; the first that matches in a file is tried first for later rows.",
        ),
      timeZone: timeZone
        .optional()
        .describe('Zone of times without an offset, unless the import names one; else Europe/Helsinki'),
      locale: z.string().default('en-US').describe('luxon locale for month names and AM/PM'),
    }),
    actions: z
      .object({
        match: z
          .enum(['exact', 'contains'])
          .default('exact')
          .describe("'contains' checks export, then playback, then live words as substrings"),
        playback: actionWords,
        export: actionWords,
        live: actionWords,
      })
      .describe('Action words, case-insensitive; anything else is `other`'),
    footage: z
      .object({
        messagePattern: footagePattern
          .optional()
          .describe('Pulls the viewed range out of the message when no footage columns say it'),
        formats: z.array(z.string().min(1)).min(1).optional().describe('Defaults to timestamps.formats'),
      })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.format === 'nx-json' && p.columns.date !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['columns', 'date'], message: 'JSON profiles use one time key' });
    }
  });

/** A validated profile, defaults applied. Parse user JSON with `vmsProfileSchema.parse` first. */
export type VmsProfile = z.output<typeof vmsProfileSchema>;
/** What a profile author writes (defaults may be left out). */
export type VmsProfileInput = z.input<typeof vmsProfileSchema>;
export type ColumnRef = VmsProfile['columns']['time'];

export function columnAlternatives(ref: ColumnRef | undefined): readonly string[] {
  if (ref === undefined) return [];
  return typeof ref === 'string' ? [ref] : ref;
}
