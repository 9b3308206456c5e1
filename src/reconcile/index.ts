/** R6 reconciliation: the pure matching engine and its stored runs. Other folders import only this file. */
export { reconcile } from './engine.js';
export { type Finding, type FindingKind, findingKinds } from './findings.js';
export type {
  CameraRef,
  CopyRecord,
  LedgerEntry,
  ReconcileInput,
  ReconcileResult,
  StaffMember,
  TimeWindow,
  ViewingRight,
  VmsAction,
  VmsEvents,
  VmsImportSpan,
} from './model.js';
export { NO_CAMERA, VMS_ACTIONS } from './model.js';
export { type OpenFindings, openFindingsOfLatestRun } from './open-findings.js';
export {
  type FindingEvidence,
  findingEvidenceSchema,
  getFinding,
  listRuns,
  runListSchema,
} from './run-list.js';
export {
  type ExportedFinding,
  type FindingPageFilter,
  findingsForExport,
  getRun,
  type RunRequest,
  type RunSummary,
  resolveFinding,
  runPageSchema,
  runReconciliation,
  runRequestSchema,
  runSummarySchema,
  type StoredFinding,
  storedFindingSchema,
} from './runs.js';
export { defaultReconcileSettings, type ReconcileSettings, reconcileSettingsSchema } from './settings.js';
export { epochMsToIso, isoToEpochMs, type ReconcileLoadRanges, reconcileLoadRanges } from './time.js';
