export {
  type Amendment,
  type AmendmentInput,
  amendmentSchema,
  amendmentsOf,
  amendViewing,
  applyAmendments,
  getViewing,
  type ViewingWithHistory,
  viewingHistorySchema,
} from './amendments.js';
export { canonicalJson } from './canonical.js';
export {
  eventsAbout,
  genesisHash,
  type LedgerEvent,
  type LedgerEventType,
  ledgerEventSchema,
  ledgerHead,
  recordLedgerRow,
} from './chain.js';
export {
  type Checkpoint,
  type CheckpointResult,
  checkpointSchema,
  createCheckpoint,
  verifyAgainstCheckpoint,
} from './checkpoints.js';
export { checkEntryTimes, type EntryFacts, type RuleSettings } from './entry-rules.js';
export { type Grounds, groundsSchema, groundsValues } from './grounds.js';
export { minReasonLength, reasonSchema } from './reason.js';
export { confirmRight } from './right-confirmation.js';
export {
  grantRight,
  grantSchema,
  heldRightAt,
  listRights,
  listVisibleRights,
  revocationSchema,
  revokeRight,
  type ViewingRight,
  viewingRightSchema,
} from './rights.js';
export { type ProtocolSettings, protocolSettingsOf } from './settings.js';
export { ledgerTables, type VerifyResult, verifyLedger, verifyResultSchema } from './verify.js';
export {
  countLateViewings,
  type ListedViewing,
  listedViewingSchema,
  listViewings,
  type ViewingFilter,
} from './viewing-list.js';
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
  viewingSchema,
} from './viewings.js';
export { type Voiding, voidingSchema, voidSchema, voidsOf, voidViewing } from './voids.js';
