/**
 * Recording metadata retention (R1): ingest with per-item expiry, listing and the R11
 * search, the batched purge with its tombstones, the scheduler and the status.
 */
export { ingestRecordings } from './ingest.js';
export { type PassOutcome, type PassResult, type PurgeOptions, purgeLockKey, runPurgePass } from './purge.js';
export { type RetentionService, retentionPlugin } from './purge.plugin.js';
export {
  listRecordings,
  type RecordingFilter,
  recordingSites,
  type SearchQuery,
  searchLimit,
  searchRecordings,
} from './recordings.js';
export {
  cardNumberSchema,
  type IngestResult,
  ingestResultSchema,
  normaliseIdentifier,
  plateSchema,
  type RecordingBatch,
  type RecordingItem,
  type RecordingSearch,
  recordingBatchSchema,
  recordingItemSchema,
  recordingKindSchema,
  recordingSearchSchema,
} from './schemas.js';
export { expiryOf, overdueAfterMs, type RetentionSettings, retentionSettingsOf } from './settings.js';
export {
  type KindStatus,
  type LastPass,
  longestPastExpiryMs,
  overdueKinds,
  type RetentionStatus,
  retentionStatus,
  retentionStatusSchema,
} from './status.js';
export { type PurgeTarget, purgeTargets, type RecordingKind, recordingKinds } from './targets.js';
export {
  listTombstones,
  type Tombstone,
  type TombstoneCamera,
  type TombstoneFilter,
  tombstoneSchema,
} from './tombstones.js';
