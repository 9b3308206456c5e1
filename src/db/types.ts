import type { Generated } from 'kysely';

/**
 * Table types shared by both dialects. Times are ISO-8601 UTC text (`…Z`), booleans are
 * integers 0/1 and lists are JSON text, so one schema serves SQLite and PostgreSQL
 * (STYLE.md example 8).
 */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string; // JSON array of Role
  site_ids: string; // JSON array of site ids the roles are scoped to
  vms_usernames: string; // JSON array, normalised (R6 name matching)
  disabled: number;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  token_generation: number; // a token carrying an older generation is refused
  created_at: string;
  updated_at: string;
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

export interface DB {
  requests: RequestsTable;
  request_decisions: RequestDecisionsTable;
  request_closures: RequestClosuresTable;
  copies: CopiesTable;
  copy_deliveries: CopyDeliveriesTable;
  copy_destructions: CopyDestructionsTable;
  users: UsersTable;
  sites: SitesTable;
  cameras: CamerasTable;
  audit_events: AuditEventsTable;
  ledger_events: LedgerEventsTable;
  ledger_head: LedgerHeadTable;
  viewing_rights: ViewingRightsTable;
  viewing_right_revocations: ViewingRightRevocationsTable;
  viewings: ViewingsTable;
  viewing_amendments: ViewingAmendmentsTable;
}
