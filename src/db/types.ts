import type { Generated } from 'kysely';

/**
 * Table types shared by both dialects. Times are ISO-8601 UTC text (`…Z`), booleans are
 * integers 0/1 and lists are JSON text, so one schema serves SQLite and PostgreSQL
 * (the same schema on SQLite and PostgreSQL).
 */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string; // JSON array of Role
  site_ids: string; // JSON array of site ids the roles are scoped to
  vms_usernames: string; // JSON array, as entered (older rows hold them normalised); matched normalised (R6)
  disabled: number;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  token_generation: number; // a token carrying an older generation is refused
  created_at: string;
  updated_at: string;
  language: string | null; // the web pages' language the user chose: fi, sv or en
  email: string | null; // where notifications go; set by an admin
  notification_kinds: string | null; // JSON array of the kinds the user receives; null: the default kinds
}

export interface SitesTable {
  id: string;
  name: string;
  municipality: string;
  created_at: string;
}

export interface CamerasTable {
  id: string;
  site_id: string;
  name: string;
  vms_names: string; // JSON array
  created_at: string;
  /** When the camera was taken out of use; null while in use. */
  deactivated_at: string | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: string;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  outcome: string;
  status: number;
  request_id: string | null;
  detail: string | null; // JSON
}

export interface LedgerEventsTable {
  seq: number;
  type: string;
  at: string;
  actor_id: string | null;
  site_id: string | null;
  subject_id: string | null;
  data: string; // canonical JSON of the ledger row the event recorded
  prev_hash: string;
  hash: string;
}

export interface LedgerHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface ViewingRightsTable {
  id: string;
  seq: number;
  user_id: string;
  site_id: string;
  commitment_ref: string;
  commitment_signed_on: string; // YYYY-MM-DD
  valid_from: string;
  granted_by: string;
  granted_at: string;
}

export interface ViewingRightReasonsTable {
  right_id: string;
  seq: number;
  reason: string;
  needs_confirmation: number; // 1: a self-grant another responsible person must confirm
}

export interface ViewingRightConfirmationsTable {
  right_id: string;
  seq: number;
  confirmed_by: string;
  confirmed_at: string;
}

export interface ViewingRightRevocationsTable {
  right_id: string;
  seq: number;
  effective_at: string;
  reason: string;
  revoked_by: string;
  revoked_at: string;
}

export interface ViewingsTable {
  id: string;
  seq: number;
  source: 'service' | 'imported';
  site_id: string;
  viewed_at: string;
  viewed_until: string | null;
  camera_ids: string; // JSON array
  description: string;
  footage_from: string;
  footage_to: string;
  footage_time_estimated: number;
  grounds: string;
  justification: string;
  decided_by_user_id: string | null;
  decided_by_name: string;
  viewer_id: string | null;
  viewer_name: string;
  recorded_by: string | null;
  recorded_at: string;
  request_id: string | null;
  late: number;
  late_by_minutes: number | null;
  import_ref: string | null; // JSON {fileSha256, sheet, row} for entries imported from Excel
}

export interface ViewingAmendmentsTable {
  id: string;
  seq: number;
  viewing_id: string;
  changes: string; // JSON of the amended fields' new values
  reason: string;
  amended_by: string;
  amended_at: string;
}

export interface ViewingVoidsTable {
  viewing_id: string;
  seq: number;
  reason: string;
  voided_by: string;
  voided_at: string;
}

export interface ViewingDelayReasonsTable {
  viewing_id: string;
  seq: number;
  reason: string;
}

export interface RequestsTable {
  id: string;
  seq: number;
  site_id: string;
  requester_name: string;
  organisation: string;
  organisation_is_police: number;
  contact: string;
  reference: string;
  asks: string; // JSON array of 'viewing' | 'copy'
  camera_ids: string; // JSON array
  footage_from: string;
  footage_to: string;
  stated_legal_basis: string;
  received_at: string;
  channel: string;
  registered_by: string;
  registered_at: string;
}

export interface RequestDecisionsTable {
  request_id: string;
  seq: number;
  decision: 'accepted' | 'rejected';
  reason: string;
  override_reason: string | null;
  decided_by: string;
  decided_at: string;
}

export interface RequestClosuresTable {
  request_id: string;
  seq: number;
  early_reason: string | null;
  closed_by: string;
  closed_at: string;
}

export interface CopiesTable {
  id: string;
  seq: number;
  request_id: string;
  site_id: string;
  camera_ids: string; // JSON array
  footage_from: string;
  footage_to: string;
  medium: string;
  identifier: string;
  storage_location: string;
  made_by: string;
  made_at: string;
}

export interface CopyDeliveriesTable {
  copy_id: string;
  seq: number;
  delivered_at: string;
  recipient_name: string;
  recipient_unit: string;
  receipt_ref: string;
  recorded_by: string;
  recorded_at: string;
}

export interface CopyDestructionsTable {
  copy_id: string;
  seq: number;
  destroyed_at: string;
  method: string;
  witness: string | null;
  reason: string | null;
  destroyed_by: string;
  recorded_at: string;
}

/** R1 recording metadata, keyed on its time (a segment's end, a read's time): expiry follows RETENTION_HOURS. */
export interface RecordingSegmentsTable {
  camera_id: string;
  external_id: string;
  start_at: string;
  end_at: string;
  image_ref: string;
  received_at: string;
}

export interface RecordingCardReadsTable {
  camera_id: string;
  external_id: string;
  card_number: string;
  at: string;
  received_at: string;
}

export interface RecordingPlateReadsTable {
  camera_id: string;
  external_id: string;
  plate: string;
  at: string;
  received_at: string;
}

/** What one purge transaction deleted, without personal data (R1); a ledger table. */
export interface RetentionTombstonesTable {
  id: string;
  seq: number;
  pass_id: string;
  purged_at: string;
  period_from: string;
  period_to: string;
  item_count: number;
  counts: string; // JSON {kind: count}
  cameras: string; // JSON [{cameraId, siteId, counts, from, to}], cameraId null for data of no camera
}

export interface RetentionStateTable {
  id: number;
  pass_id: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  deleted: number | null;
  counts: string | null; // JSON {kind: count}
  outcome: string | null;
}

/** Read by the audit_events DELETE trigger (migrations/0004-retention.ts). */
export interface RetentionSettingsTable {
  id: number;
  access_log_days: number;
}

export interface VmsProfilesTable {
  id: string;
  definition: string; // JSON, validated by the vms profile schema
  created_by: string;
  created_at: string;
}

export interface VmsImportsTable {
  id: string;
  site_id: string;
  file_name: string;
  sha256: string;
  profile_id: string;
  time_zone: string;
  imported_by: string;
  imported_at: string;
  rows_read: number;
  stored: number;
  duplicates: number;
  rejected: number;
  first_event_at: string | null;
  last_event_at: string | null;
  report: string; // JSON {errors, warnings, unmappedCameras, …}
}

/** Imported camera-system events, a block of them per row (src/vms/event-block.ts). */
export interface VmsEventBlocksTable {
  /** Id of the block's first event; event `i` has id `first_event_id + i`. */
  first_event_id: number;
  import_id: string;
  site_id: string;
  first_at: string;
  last_at: string;
  event_count: number;
  /** What the reconciliation reads, and the rest (src/vms/event-block.ts). */
  events: string;
  details: string;
}

/** One row: the id the next imported event gets. */
export interface VmsEventCounterTable {
  id: number;
  next_event_id: number;
}

export interface ReconciliationRunsTable {
  id: string;
  window_from: string;
  window_to: string;
  site_ids: string;
  settings: string;
  summary: string;
  counts: string;
  unmapped: string;
  started_by: string;
  started_at: string;
  finished_at: string;
}

export interface FindingsTable {
  id: string;
  run_id: string;
  ordinal: number;
  kind: string;
  site_id: string;
  vms_user: string | null;
  user_id: string | null;
  period_from: string;
  period_to: string;
  event_ids: string;
  entry_ids: string;
  copy_ids: string;
  detail: string;
}

export interface FindingResolutionsTable {
  id: string;
  finding_id: string;
  note: string;
  resolved_by: string;
  resolved_at: string;
}

export interface WebSessionsTable {
  id_hash: string; // SHA-256 of the session id; the id itself is only in the cookie
  user_id: string;
  token_generation: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string; // the absolute end, sign-in time plus the maximum lifetime
  id_token: string | null; // a session begun at the identity provider: its ID token, the logout hint
}

export interface ExternalIdentitiesTable {
  subject: string; // the value of the provider's naming claim (OIDC_USERNAME_CLAIM)
  user_id: string;
  linked_at: string;
  linked_by: string;
}

export interface OidcLoginsTable {
  state_hash: string; // SHA-256 of the state; the state itself travels only through the browser
  nonce: string;
  code_verifier: string;
  expires_at: string;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  label: string;
  key_hash: string; // SHA-256 of the key; the key is shown once, when made
  created_at: string;
  created_by: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** A notification to one person, written with the event that causes it and sent by the worker. */
export interface NotificationOutboxTable {
  id: string;
  idempotency_key: string;
  kind: string;
  user_id: string;
  site_id: string | null;
  params: string; // JSON: counts, hours and ids only
  created_at: string;
  status: 'pending' | 'sent' | 'failed' | 'obsolete';
  attempts: number;
  unconfirmed: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  sent_at: string | null;
  last_error: string | null;
}

export interface DB {
  notification_outbox: NotificationOutboxTable;
  vms_profiles: VmsProfilesTable;
  vms_imports: VmsImportsTable;
  vms_event_blocks: VmsEventBlocksTable;
  vms_event_counter: VmsEventCounterTable;
  reconciliation_runs: ReconciliationRunsTable;
  findings: FindingsTable;
  finding_resolutions: FindingResolutionsTable;
  requests: RequestsTable;
  request_decisions: RequestDecisionsTable;
  request_closures: RequestClosuresTable;
  copies: CopiesTable;
  copy_deliveries: CopyDeliveriesTable;
  copy_destructions: CopyDestructionsTable;
  users: UsersTable;
  web_sessions: WebSessionsTable;
  external_identities: ExternalIdentitiesTable;
  oidc_logins: OidcLoginsTable;
  api_keys: ApiKeysTable;
  sites: SitesTable;
  cameras: CamerasTable;
  audit_events: AuditEventsTable;
  ledger_events: LedgerEventsTable;
  ledger_head: LedgerHeadTable;
  viewing_rights: ViewingRightsTable;
  viewing_right_revocations: ViewingRightRevocationsTable;
  viewing_right_reasons: ViewingRightReasonsTable;
  viewing_right_confirmations: ViewingRightConfirmationsTable;
  viewings: ViewingsTable;
  viewing_amendments: ViewingAmendmentsTable;
  viewing_voids: ViewingVoidsTable;
  viewing_delay_reasons: ViewingDelayReasonsTable;
  recording_segments: RecordingSegmentsTable;
  recording_card_reads: RecordingCardReadsTable;
  recording_plate_reads: RecordingPlateReadsTable;
  retention_tombstones: RetentionTombstonesTable;
  retention_state: RetentionStateTable;
  retention_settings: RetentionSettingsTable;
}
