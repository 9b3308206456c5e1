-- 0001-foundation
create table "sites" ("id" text primary key, "name" text not null unique, "municipality" text not null, "created_at" text not null);
create table "cameras" ("id" text primary key, "site_id" text not null references "sites" ("id"), "name" text not null, "vms_names" text not null, "created_at" text not null, constraint "cameras_site_name_unique" unique ("site_id", "name"));
create table "users" ("id" text primary key, "username" text not null unique, "display_name" text not null, "password_hash" text not null, "roles" text not null, "site_ids" text not null, "vms_usernames" text not null, "disabled" integer default 0 not null, "must_change_password" integer default 0 not null, "failed_logins" integer default 0 not null, "locked_until" text, "token_generation" integer default 0 not null, "created_at" text not null, "updated_at" text not null);
create table "audit_events" ("id" integer primary key autoincrement, "at" text not null, "actor_id" text, "actor_username" text, "action" text not null, "target_type" text, "target_id" text, "ip" text, "outcome" text not null, "status" integer not null, "request_id" text, "detail" text);
create index "audit_events_at" on "audit_events" ("at");
create index "audit_events_actor" on "audit_events" ("actor_id", "at");
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
           BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
           BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END;

-- 0002-ledger
create table "ledger_events" ("seq" integer primary key, "type" text not null, "at" text not null, "actor_id" text, "site_id" text, "subject_id" text, "data" text not null, "prev_hash" text not null, "hash" text not null);
create index "ledger_events_subject" on "ledger_events" ("subject_id");
CREATE TRIGGER ledger_events_no_update BEFORE UPDATE ON ledger_events
           BEGIN SELECT RAISE(ABORT, 'ledger_events is append-only: UPDATE refused'); END;
CREATE TRIGGER ledger_events_no_delete BEFORE DELETE ON ledger_events
           BEGIN SELECT RAISE(ABORT, 'ledger_events is append-only: DELETE refused'); END;
create table "ledger_head" ("id" integer primary key, "seq" integer not null, "hash" text not null);
insert into ledger_head (id, seq, hash) values (1, 0, ?);
-- parameters: ["0000000000000000000000000000000000000000000000000000000000000000"]
create table "viewing_rights" ("id" text primary key, "seq" integer not null unique references "ledger_events" ("seq"), "user_id" text not null references "users" ("id"), "site_id" text not null references "sites" ("id"), "commitment_ref" text not null, "commitment_signed_on" text not null, "valid_from" text not null, "granted_by" text not null references "users" ("id"), "granted_at" text not null);
create index "viewing_rights_user_site" on "viewing_rights" ("user_id", "site_id");
CREATE TRIGGER viewing_rights_no_update BEFORE UPDATE ON viewing_rights
           BEGIN SELECT RAISE(ABORT, 'viewing_rights is append-only: UPDATE refused'); END;
CREATE TRIGGER viewing_rights_no_delete BEFORE DELETE ON viewing_rights
           BEGIN SELECT RAISE(ABORT, 'viewing_rights is append-only: DELETE refused'); END;
create table "viewing_right_revocations" ("right_id" text primary key references "viewing_rights" ("id"), "seq" integer not null unique references "ledger_events" ("seq"), "effective_at" text not null, "reason" text not null, "revoked_by" text not null references "users" ("id"), "revoked_at" text not null);
CREATE TRIGGER viewing_right_revocations_no_update BEFORE UPDATE ON viewing_right_revocations
           BEGIN SELECT RAISE(ABORT, 'viewing_right_revocations is append-only: UPDATE refused'); END;
CREATE TRIGGER viewing_right_revocations_no_delete BEFORE DELETE ON viewing_right_revocations
           BEGIN SELECT RAISE(ABORT, 'viewing_right_revocations is append-only: DELETE refused'); END;
create table "viewings" ("id" text primary key, "seq" integer not null unique references "ledger_events" ("seq"), "source" text not null, "site_id" text not null references "sites" ("id"), "viewed_at" text not null, "viewed_until" text, "camera_ids" text not null, "description" text not null, "footage_from" text not null, "footage_to" text not null, "footage_time_estimated" integer not null, "grounds" text not null, "justification" text not null, "decided_by_user_id" text references "users" ("id"), "decided_by_name" text not null, "viewer_id" text references "users" ("id"), "viewer_name" text not null, "recorded_by" text references "users" ("id"), "recorded_at" text not null, "request_id" text, "late" integer not null, "late_by_minutes" integer, "import_ref" text);
create index "viewings_site_viewed" on "viewings" ("site_id", "viewed_at");
create index "viewings_viewer" on "viewings" ("viewer_id", "viewed_at");
create index "viewings_import_ref" on "viewings" ("import_ref");
CREATE TRIGGER viewings_no_update BEFORE UPDATE ON viewings
           BEGIN SELECT RAISE(ABORT, 'viewings is append-only: UPDATE refused'); END;
CREATE TRIGGER viewings_no_delete BEFORE DELETE ON viewings
           BEGIN SELECT RAISE(ABORT, 'viewings is append-only: DELETE refused'); END;
create table "viewing_amendments" ("id" text primary key, "seq" integer not null unique references "ledger_events" ("seq"), "viewing_id" text not null references "viewings" ("id"), "changes" text not null, "reason" text not null, "amended_by" text not null references "users" ("id"), "amended_at" text not null);
create index "viewing_amendments_viewing" on "viewing_amendments" ("viewing_id");
CREATE TRIGGER viewing_amendments_no_update BEFORE UPDATE ON viewing_amendments
           BEGIN SELECT RAISE(ABORT, 'viewing_amendments is append-only: UPDATE refused'); END;
CREATE TRIGGER viewing_amendments_no_delete BEFORE DELETE ON viewing_amendments
           BEGIN SELECT RAISE(ABORT, 'viewing_amendments is append-only: DELETE refused'); END;

-- 0003-requests
create table "requests" ("id" text primary key, "seq" integer not null unique references "ledger_events" ("seq"), "site_id" text not null references "sites" ("id"), "requester_name" text not null, "organisation" text not null, "organisation_is_police" integer not null, "contact" text not null, "reference" text not null, "asks" text not null, "camera_ids" text not null, "footage_from" text not null, "footage_to" text not null, "stated_legal_basis" text not null, "received_at" text not null, "channel" text not null, "registered_by" text not null references "users" ("id"), "registered_at" text not null);
create index "requests_site" on "requests" ("site_id", "received_at");
CREATE TRIGGER requests_no_update BEFORE UPDATE ON requests
           BEGIN SELECT RAISE(ABORT, 'requests is append-only: UPDATE refused'); END;
CREATE TRIGGER requests_no_delete BEFORE DELETE ON requests
           BEGIN SELECT RAISE(ABORT, 'requests is append-only: DELETE refused'); END;
create table "request_decisions" ("request_id" text primary key references "requests" ("id"), "seq" integer not null unique references "ledger_events" ("seq"), "decision" text not null, "reason" text not null, "override_reason" text, "decided_by" text not null references "users" ("id"), "decided_at" text not null);
CREATE TRIGGER request_decisions_no_update BEFORE UPDATE ON request_decisions
           BEGIN SELECT RAISE(ABORT, 'request_decisions is append-only: UPDATE refused'); END;
CREATE TRIGGER request_decisions_no_delete BEFORE DELETE ON request_decisions
           BEGIN SELECT RAISE(ABORT, 'request_decisions is append-only: DELETE refused'); END;
create table "request_closures" ("request_id" text primary key references "requests" ("id"), "seq" integer not null unique references "ledger_events" ("seq"), "early_reason" text, "closed_by" text not null references "users" ("id"), "closed_at" text not null);
CREATE TRIGGER request_closures_no_update BEFORE UPDATE ON request_closures
           BEGIN SELECT RAISE(ABORT, 'request_closures is append-only: UPDATE refused'); END;
CREATE TRIGGER request_closures_no_delete BEFORE DELETE ON request_closures
           BEGIN SELECT RAISE(ABORT, 'request_closures is append-only: DELETE refused'); END;
create table "copies" ("id" text primary key, "seq" integer not null unique references "ledger_events" ("seq"), "request_id" text not null references "requests" ("id"), "site_id" text not null references "sites" ("id"), "camera_ids" text not null, "footage_from" text not null, "footage_to" text not null, "medium" text not null, "identifier" text not null, "storage_location" text not null, "made_by" text not null references "users" ("id"), "made_at" text not null);
create index "copies_request" on "copies" ("request_id");
create index "copies_site_made" on "copies" ("site_id", "made_at");
CREATE TRIGGER copies_no_update BEFORE UPDATE ON copies
           BEGIN SELECT RAISE(ABORT, 'copies is append-only: UPDATE refused'); END;
CREATE TRIGGER copies_no_delete BEFORE DELETE ON copies
           BEGIN SELECT RAISE(ABORT, 'copies is append-only: DELETE refused'); END;
create table "copy_deliveries" ("copy_id" text primary key references "copies" ("id"), "seq" integer not null unique references "ledger_events" ("seq"), "delivered_at" text not null, "recipient_name" text not null, "recipient_unit" text not null, "receipt_ref" text not null, "recorded_by" text not null references "users" ("id"), "recorded_at" text not null);
CREATE TRIGGER copy_deliveries_no_update BEFORE UPDATE ON copy_deliveries
           BEGIN SELECT RAISE(ABORT, 'copy_deliveries is append-only: UPDATE refused'); END;
CREATE TRIGGER copy_deliveries_no_delete BEFORE DELETE ON copy_deliveries
           BEGIN SELECT RAISE(ABORT, 'copy_deliveries is append-only: DELETE refused'); END;
create table "copy_destructions" ("copy_id" text primary key references "copies" ("id"), "seq" integer not null unique references "ledger_events" ("seq"), "destroyed_at" text not null, "method" text not null, "witness" text, "reason" text, "destroyed_by" text not null references "users" ("id"), "recorded_at" text not null);
CREATE TRIGGER copy_destructions_no_update BEFORE UPDATE ON copy_destructions
           BEGIN SELECT RAISE(ABORT, 'copy_destructions is append-only: UPDATE refused'); END;
CREATE TRIGGER copy_destructions_no_delete BEFORE DELETE ON copy_destructions
           BEGIN SELECT RAISE(ABORT, 'copy_destructions is append-only: DELETE refused'); END;

-- 0004-retention
create table "recording_segments" ("camera_id" text not null references "cameras" ("id"), "external_id" text not null, "start_at" text not null, "end_at" text not null, "image_ref" text not null, "received_at" text not null, "expires_at" text not null, constraint "recording_segments_pk" primary key ("expires_at", "camera_id", "external_id")) without rowid;
create table "recording_card_reads" ("camera_id" text not null references "cameras" ("id"), "external_id" text not null, "card_number" text not null, "at" text not null, "received_at" text not null, "expires_at" text not null, constraint "recording_card_reads_pk" primary key ("expires_at", "camera_id", "external_id")) without rowid;
create table "recording_plate_reads" ("camera_id" text not null references "cameras" ("id"), "external_id" text not null, "plate" text not null, "at" text not null, "received_at" text not null, "expires_at" text not null, constraint "recording_plate_reads_pk" primary key ("expires_at", "camera_id", "external_id")) without rowid;
create table "retention_tombstones" ("id" text primary key, "seq" integer not null unique references "ledger_events" ("seq"), "pass_id" text not null, "purged_at" text not null, "period_from" text not null, "period_to" text not null, "item_count" integer not null, "counts" text not null, "cameras" text not null);
create index "retention_tombstones_purged" on "retention_tombstones" ("purged_at");
CREATE TRIGGER retention_tombstones_no_update BEFORE UPDATE ON retention_tombstones
           BEGIN SELECT RAISE(ABORT, 'retention_tombstones is append-only: UPDATE refused'); END;
CREATE TRIGGER retention_tombstones_no_delete BEFORE DELETE ON retention_tombstones
           BEGIN SELECT RAISE(ABORT, 'retention_tombstones is append-only: DELETE refused'); END;
create table "retention_state" ("id" integer primary key check (id = 1), "pass_id" text, "started_at" text, "finished_at" text, "duration_ms" integer, "deleted" integer, "counts" text, "outcome" text);
insert into retention_state (id) values (1);
create table "retention_settings" ("id" integer primary key check (id = 1), "access_log_days" integer not null check (access_log_days > 0));
insert into retention_settings (id, access_log_days) values (1, 1826);
DROP TRIGGER audit_events_no_delete;
CREATE TRIGGER audit_events_delete_after_retention BEFORE DELETE ON audit_events
         WHEN coalesce(OLD.at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now',
               '-' || ((SELECT access_log_days FROM retention_settings WHERE id = 1) * 24) || ' hours',
               '+10 minutes'), 0) = 0
         BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE of a row younger than its retention refused'); END;
CREATE TRIGGER retention_settings_no_delete BEFORE DELETE ON retention_settings
         BEGIN SELECT RAISE(ABORT, 'retention_settings: DELETE refused'); END;

-- 0005-vms-reconcile
create table "vms_profiles" ("id" text primary key, "definition" text not null, "created_by" text not null references "users" ("id"), "created_at" text not null);
create table "vms_imports" ("id" text primary key, "site_id" text not null references "sites" ("id"), "file_name" text not null, "sha256" text not null, "profile_id" text not null, "time_zone" text not null, "imported_by" text not null references "users" ("id"), "imported_at" text not null, "rows_read" integer not null, "stored" integer not null, "duplicates" integer not null, "rejected" integer not null, "first_event_at" text, "last_event_at" text, "report" text not null);
create table "vms_events" ("id" integer primary key autoincrement, "event_key" text not null unique, "import_id" text not null, "site_id" text not null, "occurred_at" text not null, "raw_time" text not null, "vms_user" text not null, "user_host" text, "camera_name" text, "action" text not null, "action_text" text not null, "message" text not null, "footage_from" text, "footage_to" text, "line" integer not null);
create index "vms_events_occurred" on "vms_events" ("occurred_at");
create table "reconciliation_runs" ("id" text primary key, "window_from" text not null, "window_to" text not null, "site_ids" text not null, "settings" text not null, "summary" text not null, "counts" text not null, "unmapped" text not null, "started_by" text not null references "users" ("id"), "started_at" text not null, "finished_at" text not null);
create table "findings" ("id" text primary key, "run_id" text not null references "reconciliation_runs" ("id"), "ordinal" integer not null, "kind" text not null, "site_id" text not null, "vms_user" text, "user_id" text, "period_from" text not null, "period_to" text not null, "event_ids" text not null, "entry_ids" text not null, "copy_ids" text not null, "detail" text not null);
create index "findings_run" on "findings" ("run_id", "ordinal");
CREATE TRIGGER findings_no_update BEFORE UPDATE ON findings
           BEGIN SELECT RAISE(ABORT, 'findings is append-only: UPDATE refused'); END;
CREATE TRIGGER findings_no_delete BEFORE DELETE ON findings
           BEGIN SELECT RAISE(ABORT, 'findings is append-only: DELETE refused'); END;
CREATE TRIGGER reconciliation_runs_no_update BEFORE UPDATE ON reconciliation_runs
           BEGIN SELECT RAISE(ABORT, 'reconciliation_runs is append-only: UPDATE refused'); END;
CREATE TRIGGER reconciliation_runs_no_delete BEFORE DELETE ON reconciliation_runs
           BEGIN SELECT RAISE(ABORT, 'reconciliation_runs is append-only: DELETE refused'); END;
create table "finding_resolutions" ("id" text primary key, "finding_id" text not null references "findings" ("id"), "note" text not null, "resolved_by" text not null references "users" ("id"), "resolved_at" text not null);
create index "finding_resolutions_finding" on "finding_resolutions" ("finding_id");
CREATE TRIGGER finding_resolutions_no_update BEFORE UPDATE ON finding_resolutions
           BEGIN SELECT RAISE(ABORT, 'finding_resolutions is append-only: UPDATE refused'); END;
CREATE TRIGGER finding_resolutions_no_delete BEFORE DELETE ON finding_resolutions
           BEGIN SELECT RAISE(ABORT, 'finding_resolutions is append-only: DELETE refused'); END;

-- 0006-ledger-export
create index "viewings_viewed_at_seq" on "viewings" ("viewed_at", "seq");

-- 0007-vms-event-time-key
select seq from sqlite_sequence where name = 'vms_events';
create table "vms_events_rebuilt" ("id" integer primary key autoincrement, "event_key" text not null, "import_id" text not null, "site_id" text not null, "occurred_at" text not null, "raw_time" text not null, "vms_user" text not null, "user_host" text, "camera_name" text, "action" text not null, "action_text" text not null, "message" text not null, "footage_from" text, "footage_to" text, "line" integer not null);
insert into vms_events_rebuilt select * from vms_events order by id;
drop table vms_events;
alter table vms_events_rebuilt rename to vms_events;
drop index if exists vms_events_occurred;
create unique index "vms_events_time_key" on "vms_events" ("occurred_at", "event_key");

-- 0008-vms-event-blocks
create table "vms_event_blocks" ("first_event_id" integer primary key, "import_id" text not null, "site_id" text not null, "first_at" text not null, "last_at" text not null, "event_count" integer not null, "events" text not null, "details" text not null);
create index "vms_event_blocks_time" on "vms_event_blocks" ("last_at", "first_at");
create table "vms_event_counter" ("id" integer primary key, "next_event_id" integer not null);
select id, import_id, site_id, occurred_at, raw_time, vms_user, user_host, camera_name,
             action, action_text, message, footage_from, footage_to, line
      from vms_events where id > ? order by id limit ?;
-- parameters: [0,5000]
select seq from sqlite_sequence where name = 'vms_events';
insert into vms_event_counter (id, next_event_id)
                values (1, ?);
-- parameters: [1]
drop table "vms_events";

-- 0009-web-sessions
create table "web_sessions" ("id_hash" text primary key, "user_id" text not null references "users" ("id"), "token_generation" integer not null, "created_at" text not null, "last_seen_at" text not null, "expires_at" text not null);
create index "web_sessions_expires_at" on "web_sessions" ("expires_at");
create index "web_sessions_user_id" on "web_sessions" ("user_id");
alter table "users" add column "language" text;

-- 0010-viewing-voids
create table "viewing_voids" ("viewing_id" text primary key references "viewings" ("id"), "seq" integer not null unique references "ledger_events" ("seq"), "reason" text not null, "voided_by" text not null references "users" ("id"), "voided_at" text not null);
CREATE TRIGGER viewing_voids_no_update BEFORE UPDATE ON viewing_voids
           BEGIN SELECT RAISE(ABORT, 'viewing_voids is append-only: UPDATE refused'); END;
CREATE TRIGGER viewing_voids_no_delete BEFORE DELETE ON viewing_voids
           BEGIN SELECT RAISE(ABORT, 'viewing_voids is append-only: DELETE refused'); END;

-- 0011-viewing-delay-reasons
create table "viewing_delay_reasons" ("viewing_id" text primary key references "viewings" ("id"), "seq" integer not null unique references "ledger_events" ("seq"), "reason" text not null);
CREATE TRIGGER viewing_delay_reasons_no_update BEFORE UPDATE ON viewing_delay_reasons
           BEGIN SELECT RAISE(ABORT, 'viewing_delay_reasons is append-only: UPDATE refused'); END;
CREATE TRIGGER viewing_delay_reasons_no_delete BEFORE DELETE ON viewing_delay_reasons
           BEGIN SELECT RAISE(ABORT, 'viewing_delay_reasons is append-only: DELETE refused'); END;

-- 0012-viewing-right-reasons
create table "viewing_right_reasons" ("right_id" text primary key references "viewing_rights" ("id"), "seq" integer not null unique references "ledger_events" ("seq"), "reason" text not null, "needs_confirmation" integer not null);
CREATE TRIGGER viewing_right_reasons_no_update BEFORE UPDATE ON viewing_right_reasons
           BEGIN SELECT RAISE(ABORT, 'viewing_right_reasons is append-only: UPDATE refused'); END;
CREATE TRIGGER viewing_right_reasons_no_delete BEFORE DELETE ON viewing_right_reasons
           BEGIN SELECT RAISE(ABORT, 'viewing_right_reasons is append-only: DELETE refused'); END;
create table "viewing_right_confirmations" ("right_id" text primary key references "viewing_rights" ("id"), "seq" integer not null unique references "ledger_events" ("seq"), "confirmed_by" text not null references "users" ("id"), "confirmed_at" text not null);
CREATE TRIGGER viewing_right_confirmations_no_update BEFORE UPDATE ON viewing_right_confirmations
           BEGIN SELECT RAISE(ABORT, 'viewing_right_confirmations is append-only: UPDATE refused'); END;
CREATE TRIGGER viewing_right_confirmations_no_delete BEFORE DELETE ON viewing_right_confirmations
           BEGIN SELECT RAISE(ABORT, 'viewing_right_confirmations is append-only: DELETE refused'); END;

-- 0013-recording-time-key
create table "recording_segments_next" ("camera_id" text not null references "cameras" ("id"), "external_id" text not null, "start_at" text not null, "end_at" text not null, "image_ref" text not null, "received_at" text not null, constraint "recording_segments_time_pk" primary key ("end_at", "camera_id", "external_id")) without rowid;
insert into recording_segments_next
                  (camera_id, external_id, start_at, end_at, image_ref, received_at)
                  select camera_id, external_id, start_at, end_at, image_ref, received_at
                  from recording_segments where true
                on conflict do nothing;
drop table "recording_segments";
alter table "recording_segments_next" rename to "recording_segments";
create table "recording_card_reads_next" ("camera_id" text not null references "cameras" ("id"), "external_id" text not null, "card_number" text not null, "at" text not null, "received_at" text not null, constraint "recording_card_reads_time_pk" primary key ("at", "camera_id", "external_id")) without rowid;
insert into "recording_card_reads_next" (camera_id, external_id, "card_number", at, received_at)
                    select camera_id, external_id, "card_number", at, received_at from "recording_card_reads" where true
                  on conflict do nothing;
drop table "recording_card_reads";
alter table "recording_card_reads_next" rename to "recording_card_reads";
create table "recording_plate_reads_next" ("camera_id" text not null references "cameras" ("id"), "external_id" text not null, "plate" text not null, "at" text not null, "received_at" text not null, constraint "recording_plate_reads_time_pk" primary key ("at", "camera_id", "external_id")) without rowid;
insert into "recording_plate_reads_next" (camera_id, external_id, "plate", at, received_at)
                    select camera_id, external_id, "plate", at, received_at from "recording_plate_reads" where true
                  on conflict do nothing;
drop table "recording_plate_reads";
alter table "recording_plate_reads_next" rename to "recording_plate_reads";

-- 0015-desk-indexes
create index "reconciliation_runs_started" on "reconciliation_runs" ("started_at");
create index "findings_run_site_kind" on "findings" ("run_id", "site_id", "kind");
create index "vms_imports_site_imported" on "vms_imports" ("site_id", "imported_at");
create index "viewings_site_late_viewed" on "viewings" ("site_id", "late", "viewed_at");

-- 0017-camera-deactivation
alter table "cameras" add column "deactivated_at" text;

-- 0018-external-sign-in
create table "external_identities" ("subject" text primary key, "user_id" text not null unique references "users" ("id"), "linked_at" text not null, "linked_by" text not null);
create table "oidc_logins" ("state_hash" text primary key, "nonce" text not null, "code_verifier" text not null, "expires_at" text not null);
create index "oidc_logins_expires_at" on "oidc_logins" ("expires_at");
create table "api_keys" ("id" text primary key, "user_id" text not null references "users" ("id"), "label" text not null, "key_hash" text not null unique, "created_at" text not null, "created_by" text not null, "expires_at" text not null, "revoked_at" text, "revoked_by" text);
create index "api_keys_user_id" on "api_keys" ("user_id");
alter table "web_sessions" add column "id_token" text;

-- 0019-notifications
alter table "users" add column "email" text;
alter table "users" add column "notification_kinds" text;
create table "notification_outbox" ("id" text primary key, "idempotency_key" text not null unique, "kind" text not null, "user_id" text not null references "users" ("id"), "site_id" text references "sites" ("id"), "params" text not null, "created_at" text not null, "status" text not null, "attempts" integer default 0 not null, "unconfirmed" integer default 0 not null, "next_attempt_at" text not null, "lease_owner" text, "lease_until" text, "sent_at" text, "last_error" text);
create index "notification_outbox_due" on "notification_outbox" ("status", "next_attempt_at");
create index "notification_outbox_created" on "notification_outbox" ("created_at");
