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

export interface DB {
  users: UsersTable;
  sites: SitesTable;
  cameras: CamerasTable;
  audit_events: AuditEventsTable;
}
