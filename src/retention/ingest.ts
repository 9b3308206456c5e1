import type { Transaction } from 'kysely';
import { type DB, type Executor, inTransaction } from '../db/index.js';
import { CLOCK_SKEW_MS, utc } from '../time.js';
import { type IngestResult, normaliseIdentifier, type RecordingBatch } from './schemas.js';
import { expiryOf } from './settings.js';
import type { RecordingKind } from './targets.js';

const chunkSize = 250;

interface Candidate {
  kind: RecordingKind;
  index: number;
  list: 'segments' | 'cardReads' | 'plateReads';
  cameraId: string;
  externalId: string;
  /** The time the expiry counts from: a segment's end, a read's time. */
  time: Date;
  timeField: string;
  row: Record<string, string>;
}

function candidatesOf(batch: RecordingBatch): Candidate[] {
  return [
    ...batch.segments.map((s, index) => ({
      kind: 'segment' as const,
      index,
      list: 'segments' as const,
      cameraId: s.cameraId,
      externalId: s.externalId,
      time: new Date(s.end),
      timeField: 'end',
      row: { start_at: utc(s.start), end_at: utc(s.end), image_ref: s.imageRef },
    })),
    ...batch.cardReads.map((r, index) => ({
      kind: 'card_read' as const,
      index,
      list: 'cardReads' as const,
      cameraId: r.cameraId,
      externalId: r.externalId,
      time: new Date(r.at),
      timeField: 'at',
      row: { card_number: normaliseIdentifier(r.cardNumber), at: utc(r.at) },
    })),
    ...batch.plateReads.map((r, index) => ({
      kind: 'plate_read' as const,
      index,
      list: 'plateReads' as const,
      cameraId: r.cameraId,
      externalId: r.externalId,
      time: new Date(r.at),
      timeField: 'at',
      row: { plate: normaliseIdentifier(r.plate), at: utc(r.at) },
    })),
  ];
}

const tableOf = {
  segment: 'recording_segments',
  card_read: 'recording_card_reads',
  plate_read: 'recording_plate_reads',
} as const satisfies Record<RecordingKind, keyof DB>;

/** The column each table is keyed on first: the time the retention counts from (migrations/0013). */
const timeColumnOf = { segment: 'end_at', card_read: 'at', plate_read: 'at' } as const;

/**
 * Stores a batch of recording metadata from the camera system (R1). Each item expires
 * `recordingHours` absolute hours after its time (a segment's end) under the setting in
 * force — the purge counts from the stored time at each pass, so the answer's `expiresAt`
 * is the expiry under today's setting — and is refused on its own, with the reason, when it
 * cannot be kept: already past its expiry (R1), dated in the future (its retention would run
 * from a time that has not come), an unknown camera, a segment ending before it starts.
 * Idempotent on the camera system's ids: a resent item — same kind, camera, id and time — is
 * a duplicate and the stored one is kept, and so is the same (kind, camera, id) a second time
 * within one batch. The stored key starts with the item's time, the purge's one index
 * (migrations/0013-recording-time-key.ts), so an item resent later with a corrected time is
 * another version, expiring on its own time. One transaction: a request that fails stores
 * nothing.
 */
export async function ingestRecordings(
  db: Executor,
  batch: RecordingBatch,
  now: Date,
  recordingHours: number,
  /** The integration account's sites: a camera elsewhere is refused. Empty: every site. */
  siteIds: readonly string[] = [],
): Promise<IngestResult> {
  const result: IngestResult = { accepted: [], duplicates: [], refused: [] };
  const candidates = candidatesOf(batch);
  // Cameras are never deleted, so they are read before the transaction: on SQLite its first
  // statement is then a write, which waits for another process's purge instead of failing.
  const known = await knownCameras(db, [...new Set(candidates.map((c) => c.cameraId))]);
  const outside = (cameraId: string) => siteIds.length > 0 && !siteIds.includes(known.get(cameraId) ?? '');
  return inTransaction(db, async (tx) => {
    const keep: (Candidate & { expiresAt: string })[] = [];
    const seen = new Set<string>();
    for (const c of candidates) {
      const refuse = (field: string, reason: string, rule?: string) =>
        result.refused.push({
          kind: c.kind,
          index: c.index,
          field: `${c.list}[${c.index}].${field}`,
          reason,
          ...(rule ? { rule } : {}),
        });
      const expiresAt = expiryOf(c.time, recordingHours);
      if (!known.has(c.cameraId)) {
        refuse('cameraId', `unknown camera ${c.cameraId}`);
      } else if (outside(c.cameraId)) {
        refuse('cameraId', `camera ${c.cameraId} is not at a site of this account`);
      } else if (c.kind === 'segment' && (c.row.start_at ?? '') > (c.row.end_at ?? '')) {
        refuse('end', 'the segment ends before it starts');
      } else if (c.time.getTime() > now.getTime() + CLOCK_SKEW_MS) {
        refuse(
          c.timeField,
          'R1: the time lies in the future; the retention would run from a time that has not come',
          'R1',
        );
      } else if (expiresAt.getTime() <= now.getTime()) {
        refuse(
          c.timeField,
          `R1: already past its expiry ${expiresAt.toISOString()} (${recordingHours} h after its ${c.timeField}); it may not be kept`,
          'R1',
        );
      } else {
        const key = `${c.kind}\u0000${c.cameraId}\u0000${c.externalId}`;
        if (seen.has(key)) result.duplicates.push({ kind: c.kind, index: c.index });
        else {
          seen.add(key);
          keep.push({ ...c, expiresAt: expiresAt.toISOString() });
        }
      }
    }
    const receivedAt = now.toISOString();
    for (const kind of ['segment', 'card_read', 'plate_read'] as const) {
      const items = keep.filter((c) => c.kind === kind);
      for (let i = 0; i < items.length; i += chunkSize) {
        const chunk = items.slice(i, i + chunkSize);
        const inserted = await insertIgnoringDuplicates(tx, kind, chunk, receivedAt);
        for (const c of chunk) {
          if (inserted.has(`${c.cameraId}\u0000${c.externalId}\u0000${c.row[timeColumnOf[kind]]}`)) {
            result.accepted.push({ kind: c.kind, index: c.index, expiresAt: c.expiresAt });
          } else {
            result.duplicates.push({ kind: c.kind, index: c.index });
          }
        }
      }
    }
    return result;
  });
}

/** The cameras named that exist, each with its site. */
async function knownCameras(db: Executor, ids: string[]): Promise<Map<string, string>> {
  const known = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('cameras')
      .select(['id', 'site_id'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) known.set(r.id, r.site_id);
  }
  return known;
}

/** INSERT … ON CONFLICT DO NOTHING RETURNING: the keys that were new. */
async function insertIgnoringDuplicates(
  tx: Transaction<DB>,
  kind: RecordingKind,
  chunk: readonly (Candidate & { expiresAt: string })[],
  receivedAt: string,
): Promise<Set<string>> {
  if (chunk.length === 0) return new Set();
  const values = chunk.map((c) => ({
    camera_id: c.cameraId,
    external_id: c.externalId,
    ...c.row,
    received_at: receivedAt,
  }));
  const table = tableOf[kind];
  const time = timeColumnOf[kind];
  // The three tables share the id columns and differ in their time column; the row shapes
  // are checked by candidatesOf, so one typed statement serves them all.
  const rows = await (tx as unknown as Transaction<Pick<DB, 'recording_segments'>>)
    .insertInto(table as 'recording_segments')
    .values(values as unknown as DB['recording_segments'][])
    .onConflict((oc) => oc.columns([time as 'end_at', 'camera_id', 'external_id']).doNothing())
    .returning(['camera_id', 'external_id', `${time as 'end_at'} as time`])
    .execute();
  return new Set(rows.map((r) => `${r.camera_id}\u0000${r.external_id}\u0000${r.time}`));
}
