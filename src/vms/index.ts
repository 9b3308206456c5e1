/**
 * Camera-system (VMS) audit exports (R6): `read/` turns a file into events through declarative
 * profiles and streaming readers for CSV/TSV, XLSX and the Nx Witness JSON (pure: no database,
 * no HTTP); `store/` imports them into the database in blocks and keeps custom profiles.
 * README.md in this folder describes the profile format and the generic CSV format.
 */

export { DEFAULT_XLSX_LIMITS, type XlsxLimits } from '../files/index.js';
export {
  BUILT_IN_PROFILE_IDS,
  type BuiltInProfileId,
  builtInProfiles,
  findBuiltInProfile,
} from './read/built-in-profiles.js';
export {
  type ReadVmsOptions,
  readVmsFile,
  type VmsInput,
  type VmsReader,
} from './read/read-vms-file.js';
export type { VmsReadStats } from './read/vms-event.js';
export {
  type ParsedVmsEvent,
  type RowIssue,
  type RowIssueCode,
  VMS_ACTIONS,
  type VmsAction,
  VmsFileError,
  type VmsReadItem,
  vmsEventKey,
} from './read/vms-event.js';
export {
  VMS_FIELDS,
  type VmsField,
  type VmsProfile,
  type VmsProfileInput,
  vmsProfileSchema,
} from './read/vms-profile.schema.js';
export {
  decodeEventBlock,
  decodeEventDetails,
  type EventBlock,
  type EventDetails,
  textAt,
} from './store/event-block.js';
export { blocksMeeting, readEventBlocks } from './store/event-block-store.js';
export {
  type ImportOptions,
  ImportRefused,
  type ImportReport,
  importReportSchema,
  importVmsFile,
} from './store/importer.js';
export { lastImportPerSite } from './store/last-imports.js';
export {
  findProfile,
  listProfiles,
  type StoredProfile,
  saveProfile,
  storedProfileSchema,
} from './store/profiles.js';
