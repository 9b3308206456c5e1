export {
  type Amendment,
  type AmendmentInput,
  amendmentSchema,
  amendmentsOf,
  amendViewing,
  applyAmendments,
  getViewing,
  type ViewingWithHistory,
} from './amendments.js';
export { canonicalJson } from './canonical.js';
export { eventsAbout, genesisHash, type LedgerEventType, ledgerHead, recordLedgerRow } from './chain.js';
export {
  type Checkpoint,
  type CheckpointResult,
  checkpointSchema,
  createCheckpoint,
  verifyAgainstCheckpoint,
} from './checkpoints.js';
export { checkEntryTimes, type EntryFacts, type RuleSettings } from './entry-rules.js';
export { type Grounds, groundsSchema, groundsValues } from './grounds.js';
export {
  grantRight,
  grantSchema,
  heldRightAt,
  listRights,
  listVisibleRights,
  revocationSchema,
  revokeRight,
  type ViewingRight,
} from './rights.js';
export { type ProtocolSettings, protocolSettingsOf } from './settings.js';
export { ledgerTables, type VerifyResult, verifyLedger } from './verify.js';
export { listViewings, type ViewingFilter } from './viewing-list.js';
export {
  decidedBySchema,
  insertViewing,
  lateness,
  type NewViewing,
  newViewingSchema,
  recordViewing,
  resolveDecider,
  toViewing,
  type Viewing,
} from './viewings.js';
