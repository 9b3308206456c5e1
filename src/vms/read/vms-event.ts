/** What one row of a camera-system (VMS) audit export says, once read, and what a read shares. */

import { z } from 'zod';
import type { VmsProfile } from './vms-profile.schema.js';
import type { ZoneResolver } from './zone-resolver.js';

export const VMS_ACTIONS = ['playback', 'export', 'live', 'other'] as const;
export type VmsAction = (typeof VMS_ACTIONS)[number];

export interface ParsedVmsEvent {
  /** Physical line where the record starts (1-based); the sheet row for XLSX; array index + 1 for JSON. */
  line: number;
  /** UTC, ISO-8601 with `Z`. */
  occurredAt: string;
  /** The same instant in epoch milliseconds. */
  occurredMs: number;
  /** The time exactly as the file wrote it (date and time cells joined by a space when split). */
  rawTime: string;
  vmsUser: string;
  userHost: string | null;
  /** Null when the row names no camera (the Nx CSV): the event then belongs to its import's site. */
  cameraName: string | null;
  action: VmsAction;
  actionText: string;
  message: string;
  /** Footage range viewed, UTC ISO, when the export carries one. */
  footageFrom: string | null;
  footageTo: string | null;
}

/** Stable codes: callers branch on them, so never rename one. */
export const rowIssueCodes = [
  'empty_file',
  'binary_file',
  'unsupported_input',
  'invalid_time_zone',
  'zip_limits_exceeded',
  'xlsx_limits_exceeded',
  'bad_xlsx',
  'no_worksheet',
  'bad_json',
  'bad_record',
  'wrong_delimiter',
  'missing_column',
  'missing_optional_column',
  'unmapped_camera',
  'missing_value',
  'bad_time',
  'bad_footage_time',
  'nonexistent_local_time',
  'ambiguous_local_time',
  'unterminated_quote',
  'malformed_quotes',
  'event_in_future',
] as const;
export type RowIssueCode = (typeof rowIssueCodes)[number];

/** A problem with one row, or with the file as a whole, as the import report lists it. */
export const rowIssueSchema = z.object({
  /** Physical line (as in ParsedVmsEvent.line); 1 for problems with the file as a whole, 0 for bad options. */
  line: z.number(),
  /** Header name (or JSON key path) the issue is about, as the file spells it. */
  column: z.string().optional(),
  code: z.enum(rowIssueCodes),
  message: z.string(),
});
export type RowIssue = z.output<typeof rowIssueSchema>;

export type VmsReadItem =
  | { kind: 'event'; event: ParsedVmsEvent }
  | { kind: 'error'; issue: RowIssue }
  | { kind: 'warning'; issue: RowIssue };

/**
 * What counts for "the same event" (R6): the UTC time, and these parts of the row after
 * these normalisations. Uses `actionText` rather than the classified `action`, so that editing
 * a profile's action words does not make old imports look different. The user is only
 * lower-cased, not stripped of its domain: `[BASIC]\a` and `CORP\a` are different accounts in
 * the VMS.
 */
export const sameEventParts = {
  user: (user: string) => user.trim().toLowerCase(),
  camera: (camera: string) => camera.trim().toLowerCase(),
  actionText: (actionText: string) => actionText.trim().toLowerCase(),
  message: (message: string) => message.trim(),
} as const;

/** Dedup key: the same event in two overlapping exports (or twice in one) gives the same key. */
export function vmsEventKey(e: ParsedVmsEvent): string {
  return JSON.stringify([
    e.occurredAt,
    sameEventParts.user(e.vmsUser),
    e.cameraName === null ? null : sameEventParts.camera(e.cameraName),
    sameEventParts.actionText(e.actionText),
    sameEventParts.message(e.message),
  ]);
}

/**
 * Thrown inside the readers for a problem with the file as a whole (empty, binary, ZIP bomb…);
 * readVmsFile turns it into one error item, so callers never see it thrown.
 */
export class VmsFileError extends Error {
  readonly code: RowIssueCode;
  readonly line: number;
  readonly column: string | undefined;

  constructor(code: RowIssueCode, message: string, line = 1, column?: string) {
    super(message);
    this.name = 'VmsFileError';
    this.code = code;
    this.line = line;
    this.column = column;
  }
}

/** What the reader learnt about a file, for the import report. */
export interface VmsReadStats {
  /** Data records read (header and blank lines excluded; a rejected record counts). */
  rowsRead: number;
  format: 'csv' | 'xlsx' | 'json' | null;
  encoding: string | null;
  delimiter: string | null;
}

/** Everything one read shares between the dispatcher and a format reader. */
export interface ReadContext {
  profile: VmsProfile;
  resolver: ZoneResolver;
  stats: VmsReadStats;
}

/** Items are handed out in batches of about this many rows, so that per-item overhead stays low. */
export const BATCH_ROWS = 2048;
