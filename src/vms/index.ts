/**
 * Camera-system (VMS) audit export reading (issue 6, "Import"; R6): declarative profiles and
 * streaming readers for CSV/TSV, XLSX and the Nx Witness JSON. Pure: no database, no HTTP.
 * See README.md in this folder for the profile format and the generic CSV format.
 */

export {
  BUILT_IN_PROFILE_IDS,
  type BuiltInProfileId,
  builtInProfiles,
  findBuiltInProfile,
} from './built-in-profiles.js';
export {
  decodeEventBlock,
  decodeEventDetails,
  type EventBlock,
  type EventDetails,
  textAt,
} from './event-block.js';
export { blocksMeeting, readEventBlocks } from './event-block-store.js';
export { type ImportOptions, ImportRefused, type ImportReport, importVmsFile } from './importer.js';
export { findProfile, listProfiles, type StoredProfile, saveProfile } from './profiles.js';
export type { VmsReadStats } from './read-context.js';
export {
  DEFAULT_TIME_ZONE,
  type ReadVmsOptions,
  readVmsFile,
  type VmsInput,
  type VmsReader,
} from './read-vms-file.js';
export {
  normaliseVmsName,
  type ParsedVmsEvent,
  type RowIssue,
  type RowIssueCode,
  VMS_ACTIONS,
  type VmsAction,
  type VmsReadItem,
  vmsEventKey,
} from './vms-event.js';
export { VmsFileError } from './vms-file-error.js';
export {
  VMS_FIELDS,
  type VmsField,
  type VmsProfile,
  type VmsProfileInput,
  vmsProfileSchema,
} from './vms-profile.schema.js';
export { checkZipLimits, DEFAULT_XLSX_LIMITS, type XlsxLimits } from './zip-limits.js';
