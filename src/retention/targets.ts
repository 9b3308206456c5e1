import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/index.js';
import type { RetentionSettings } from './settings.js';

/**
 * One kind of data the purge deletes. Adding a table to the purge is one entry in
 * `purgeTargets`: its kind (the tombstones' name for it), table, time column and retention.
 * The time column is the row's own time and the retention is counted from it at each pass,
 * so a changed setting applies to the rows already stored too (R1). It must lead an
 * index — the purge's only access path — and every other index of the table costs on the
 * purge path (a random-order index made SQLite's purge 8× slower).
 */
export interface PurgeTarget {
  kind: string;
  table: keyof DB & string;
  timeColumn: string;
  /** Hours after the time column a row is deleted; null keeps the rows (setting 0). */
  retentionHours: number | null;
  /** Tombstones count per camera when the rows name one… */
  cameraColumn?: string;
  /** …or else per site when they name one. */
  siteColumn?: string;
  /** A row holds this many items (a block of events); default one item a row. */
  countColumn?: string;
  /** The period a tombstone covers, from the deleted rows; default the time column. */
  periodColumns?: readonly [from: string, to: string];
  /** Runs first in each batch transaction (e.g. keeps a database guard in step). */
  beforeBatch?: (tx: Transaction<DB>) => Promise<void>;
}

export const recordingKinds = ['segment', 'card_read', 'plate_read'] as const;
export type RecordingKind = (typeof recordingKinds)[number];

const days = (n: number) => (n > 0 ? n * 24 : null);

export function purgeTargets(s: RetentionSettings): PurgeTarget[] {
  return [
    // R1: a segment RETENTION_HOURS after its end, a card or plate read after its time.
    {
      kind: 'segment',
      table: 'recording_segments',
      timeColumn: 'end_at',
      retentionHours: s.recordingHours,
      cameraColumn: 'camera_id',
      periodColumns: ['start_at', 'end_at'],
    },
    {
      kind: 'card_read',
      table: 'recording_card_reads',
      timeColumn: 'at',
      retentionHours: s.recordingHours,
      cameraColumn: 'camera_id',
      periodColumns: ['at', 'at'],
    },
    {
      kind: 'plate_read',
      table: 'recording_plate_reads',
      timeColumn: 'at',
      retentionHours: s.recordingHours,
      cameraColumn: 'camera_id',
      periodColumns: ['at', 'at'],
    },
    // Imported camera-system events (R6), kept VMS_EVENT_RETENTION_DAYS. They are stored in
    // blocks of one UTC day (src/vms/event-block.ts); a block goes once its last event is past
    // the retention, so an event is kept at most a day longer than the setting says.
    {
      kind: 'vms_event',
      table: 'vms_event_blocks',
      timeColumn: 'last_at',
      retentionHours: days(s.vmsEventDays),
      siteColumn: 'site_id',
      countColumn: 'event_count',
      periodColumns: ['first_at', 'last_at'],
    },
    {
      kind: 'access_log',
      table: 'audit_events',
      timeColumn: 'at',
      retentionHours: days(s.accessLogDays),
      // R10: the DELETE trigger on audit_events reads the retention from this row.
      beforeBatch: async (tx) => {
        await sql`update retention_settings set access_log_days = ${s.accessLogDays}
                  where id = 1 and access_log_days <> ${s.accessLogDays}`.execute(tx);
      },
    },
  ];
}
