import { type Kysely, sql } from 'kysely';
import { eventHash } from '../../src/protocol/chain.js';
import { canonicalJson } from '../../src/protocol/index.js';

/**
 * What a database holds at each step of the schema: for every migration, rows in each table it
 * creates, written as a release of that day wrote them (its columns, its ledger events). The
 * upgrade test builds a database step by step with these and migrates it to the latest.
 *
 * A new migration adds its entry here, at the end: the test fails for a migration without one,
 * and for any table of the catalogue left without a row. A migration that creates no table
 * (indexes, a column) has an entry that writes nothing, or rows that use its new column.
 */
export type Fill = (db: Kysely<unknown>) => Promise<void>;

const at = '2026-11-20T10:00:00.000Z';
const later = '2026-11-20T11:00:00.000Z';
const json = (v: unknown) => JSON.stringify(v);

async function insert(db: Kysely<unknown>, table: string, row: Record<string, unknown>) {
  const columns = Object.keys(row);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
            values (${sql.join(columns.map((c) => row[c]))})`.execute(db);
}

/** A ledger row with its chain event, as the release wrote it (src/protocol/chain.ts). */
async function chained(
  db: Kysely<unknown>,
  table: string,
  event: { type: string; actorId: string | null; siteId: string | null; subjectId: string | null },
  row: Record<string, unknown>,
) {
  const { rows } = await sql<{
    seq: number;
    hash: string;
  }>`select seq, hash from ledger_head where id = 1`.execute(db);
  const head = rows[0] as { seq: number; hash: string };
  const stored = {
    seq: Number(head.seq) + 1,
    type: event.type,
    at,
    actor_id: event.actorId,
    site_id: event.siteId,
    subject_id: event.subjectId,
    data: canonicalJson(row),
  };
  const hash = eventHash(head.hash, stored);
  await insert(db, 'ledger_events', { ...stored, prev_hash: head.hash, hash });
  await sql`update ledger_head set seq = ${stored.seq}, hash = ${hash} where id = 1`.execute(db);
  await insert(db, table, { ...row, seq: stored.seq });
}

const by = (type: string, subjectId: string) => ({ type, actorId: 'u-resp', siteId: 's-1', subjectId });
const nothingNew: Fill = async () => undefined;

/** By migration name, in the order of `migrations/index.ts`. */
export const fills: Record<string, Fill> = {
  '0001-foundation': async (db) => {
    await insert(db, 'sites', { id: 's-1', name: 'Lahti', municipality: 'Lahti', created_at: at });
    await insert(db, 'cameras', {
      id: 'c-1',
      site_id: 's-1',
      name: 'Entrance',
      vms_names: json(['Entrance']),
      created_at: at,
    });
    for (const [id, role] of [
      ['u-resp', 'responsible'],
      ['u-view', 'viewer'],
    ] as const)
      await insert(db, 'users', {
        id,
        username: id,
        display_name: `User ${id}`,
        password_hash: 'scrypt$placeholder',
        roles: json([role]),
        site_ids: json(['s-1']),
        vms_usernames: json([`${id}-vms`]),
        created_at: at,
        updated_at: at,
      });
    await insert(db, 'audit_events', {
      at,
      actor_id: 'u-resp',
      actor_username: 'u-resp',
      action: 'auth.login',
      outcome: 'success',
      status: 200,
    });
  },
  '0002-ledger': async (db) => {
    await chained(db, 'viewing_rights', by('right.granted', 'r-1'), {
      id: 'r-1',
      user_id: 'u-view',
      site_id: 's-1',
      commitment_ref: 'DYNASTY-1',
      commitment_signed_on: '2026-11-19',
      valid_from: at,
      granted_by: 'u-resp',
      granted_at: at,
    });
    await chained(db, 'viewings', by('viewing.recorded', 'v-1'), {
      id: 'v-1',
      source: 'api',
      site_id: 's-1',
      viewed_at: at,
      viewed_until: null,
      camera_ids: json(['c-1']),
      description: 'Broken window',
      footage_from: at,
      footage_to: later,
      footage_time_estimated: 0,
      grounds: 'crime_investigation',
      justification: 'Vandalism',
      decided_by_user_id: 'u-resp',
      decided_by_name: 'User u-resp',
      viewer_id: 'u-view',
      viewer_name: 'User u-view',
      recorded_by: 'u-view',
      recorded_at: later,
      request_id: null,
      late: 0,
      late_by_minutes: null,
      import_ref: null,
    });
    await chained(db, 'viewing_amendments', by('viewing.amended', 'v-1'), {
      id: 'a-1',
      viewing_id: 'v-1',
      changes: json({ description: 'Broken window at the entrance' }),
      reason: 'More precise',
      amended_by: 'u-view',
      amended_at: later,
    });
    await chained(db, 'viewing_right_revocations', by('right.revoked', 'r-1'), {
      right_id: 'r-1',
      effective_at: later,
      reason: 'Left the library',
      revoked_by: 'u-resp',
      revoked_at: later,
    });
  },
  '0003-requests': async (db) => {
    await chained(db, 'requests', by('request.registered', 'q-1'), {
      id: 'q-1',
      site_id: 's-1',
      requester_name: 'Constable Mäkinen',
      organisation: 'Police',
      organisation_is_police: 1,
      contact: 'phone',
      reference: 'POL-1',
      asks: 'copy',
      camera_ids: json(['c-1']),
      footage_from: at,
      footage_to: later,
      stated_legal_basis: 'Crime investigation',
      received_at: at,
      channel: 'phone',
      registered_by: 'u-view',
      registered_at: at,
    });
    await chained(db, 'request_decisions', by('request.decided', 'q-1'), {
      request_id: 'q-1',
      decision: 'accepted',
      reason: 'Police request',
      override_reason: null,
      decided_by: 'u-resp',
      decided_at: at,
    });
    await chained(db, 'copies', by('copy.made', 'k-1'), {
      id: 'k-1',
      request_id: 'q-1',
      site_id: 's-1',
      camera_ids: json(['c-1']),
      footage_from: at,
      footage_to: later,
      medium: 'usb',
      identifier: 'USB-1',
      storage_location: 'Safe',
      made_by: 'u-resp',
      made_at: at,
    });
    await chained(db, 'copy_deliveries', by('copy.delivered', 'k-1'), {
      copy_id: 'k-1',
      delivered_at: later,
      recipient_name: 'Constable Mäkinen',
      recipient_unit: 'Lahti police',
      receipt_ref: 'R-1',
      recorded_by: 'u-resp',
      recorded_at: later,
    });
    await chained(db, 'copy_destructions', by('copy.destroyed', 'k-1'), {
      copy_id: 'k-1',
      destroyed_at: later,
      method: 'wiped',
      witness: null,
      reason: null,
      destroyed_by: 'u-resp',
      recorded_at: later,
    });
    await chained(db, 'request_closures', by('request.closed', 'q-1'), {
      request_id: 'q-1',
      early_reason: null,
      closed_by: 'u-resp',
      closed_at: later,
    });
  },
  '0004-retention': async (db) => {
    const expires = '2026-12-04T10:00:00.000Z';
    const item = { camera_id: 'c-1', received_at: at, expires_at: expires };
    await insert(db, 'recording_segments', {
      ...item,
      external_id: 'seg-1',
      start_at: at,
      end_at: later,
      image_ref: 'vms://1',
    });
    await insert(db, 'recording_card_reads', { ...item, external_id: 'card-1', card_number: '2000123', at });
    await insert(db, 'recording_plate_reads', { ...item, external_id: 'plate-1', plate: 'ABC-123', at });
    await chained(
      db,
      'retention_tombstones',
      { type: 'retention.purged', actorId: null, siteId: null, subjectId: 'p-1' },
      {
        id: 't-1',
        pass_id: 'p-1',
        purged_at: later,
        period_from: at,
        period_to: later,
        item_count: 2,
        counts: json({ segments: 2 }),
        cameras: json(['c-1']),
      },
    );
  },
  '0005-vms-reconcile': async (db) => {
    await insert(db, 'vms_profiles', {
      id: 'custom-profile',
      definition: json({ id: 'custom-profile' }),
      created_by: 'u-resp',
      created_at: at,
    });
    await insert(db, 'vms_imports', {
      id: 'i-1',
      site_id: 's-1',
      file_name: 'audit.csv',
      sha256: '0'.repeat(64),
      profile_id: 'milestone-xprotect',
      time_zone: 'Europe/Helsinki',
      imported_by: 'u-resp',
      imported_at: later,
      rows_read: 2,
      stored: 2,
      duplicates: 0,
      rejected: 0,
      first_event_at: at,
      last_event_at: at,
      report: json({}),
    });
    for (const n of [1, 2])
      await insert(db, 'vms_events', {
        event_key: `key-${n}`,
        import_id: 'i-1',
        site_id: 's-1',
        occurred_at: `2026-11-20T10:00:0${n}.000Z`,
        raw_time: `20.11.2026 12:00:0${n}`,
        vms_user: 'u-view-vms',
        user_host: null,
        camera_name: 'Entrance',
        action: 'playback',
        action_text: 'Playback',
        message: `message ${n}`,
        footage_from: null,
        footage_to: null,
        line: n + 1,
      });
    await insert(db, 'reconciliation_runs', {
      id: 'run-1',
      window_from: at,
      window_to: later,
      site_ids: json(['s-1']),
      settings: json({}),
      summary: json({}),
      counts: json({ late_entry: 1 }),
      unmapped: json([]),
      started_by: 'u-resp',
      started_at: later,
      finished_at: later,
    });
    await insert(db, 'findings', {
      id: 'f-1',
      run_id: 'run-1',
      ordinal: 1,
      kind: 'late_entry',
      site_id: 's-1',
      vms_user: null,
      user_id: 'u-view',
      period_from: at,
      period_to: at,
      event_ids: json([1]),
      entry_ids: json(['v-1']),
      copy_ids: json([]),
      detail: json({}),
    });
    await insert(db, 'finding_resolutions', {
      id: 'fr-1',
      finding_id: 'f-1',
      note: 'Explained',
      resolved_by: 'u-resp',
      resolved_at: later,
    });
  },
  '0006-ledger-export': nothingNew,
  '0007-vms-event-time-key': nothingNew,
  // Its vms_events rows become vms_event_blocks (carriedInto in the test).
  '0008-vms-event-blocks': nothingNew,
  '0009-web-sessions': async (db) => {
    await insert(db, 'web_sessions', {
      id_hash: 'h'.repeat(64),
      user_id: 'u-view',
      token_generation: 0,
      created_at: at,
      last_seen_at: at,
      expires_at: later,
    });
    await sql`update users set language = 'sv' where id = 'u-view'`.execute(db);
  },
  '0010-viewing-voids': async (db) => {
    await chained(db, 'viewings', by('viewing.recorded', 'v-2'), {
      id: 'v-2',
      source: 'web',
      site_id: 's-1',
      viewed_at: at,
      viewed_until: later,
      camera_ids: json(['c-1']),
      description: 'Recorded twice',
      footage_from: at,
      footage_to: later,
      footage_time_estimated: 1,
      grounds: 'danger_or_threat',
      justification: 'Threat at the door',
      decided_by_user_id: null,
      decided_by_name: 'Library director',
      viewer_id: 'u-resp',
      viewer_name: 'User u-resp',
      recorded_by: 'u-resp',
      recorded_at: '2026-11-20T13:00:00.000Z',
      request_id: null,
      late: 1,
      late_by_minutes: 60,
      import_ref: null,
    });
    await chained(db, 'viewing_voids', by('viewing.voided', 'v-2'), {
      viewing_id: 'v-2',
      reason: 'Duplicate',
      voided_by: 'u-resp',
      voided_at: later,
    });
  },
  '0011-viewing-delay-reasons': async (db) => {
    await chained(db, 'viewing_delay_reasons', by('viewing.delay_explained', 'v-2'), {
      viewing_id: 'v-2',
      reason: 'The system was down',
    });
  },
  '0012-viewing-right-reasons': async (db) => {
    await chained(db, 'viewing_rights', by('right.granted', 'r-2'), {
      id: 'r-2',
      user_id: 'u-resp',
      site_id: 's-1',
      commitment_ref: 'DYNASTY-2',
      commitment_signed_on: '2026-11-18',
      valid_from: '2026-11-18T10:00:00.000Z',
      granted_by: 'u-resp',
      granted_at: at,
    });
    await chained(db, 'viewing_right_reasons', by('right.explained', 'r-2'), {
      right_id: 'r-2',
      reason: 'Self-grant, back-dated',
      needs_confirmation: 1,
    });
    await chained(db, 'viewing_right_confirmations', by('right.confirmed', 'r-2'), {
      right_id: 'r-2',
      confirmed_by: 'u-resp',
      confirmed_at: later,
    });
  },
  '0013-recording-time-key': async (db) => {
    await insert(db, 'recording_card_reads', {
      camera_id: 'c-1',
      external_id: 'card-2',
      card_number: '2000456',
      at: later,
      received_at: later,
    });
  },
  '0015-desk-indexes': nothingNew,
  '0017-camera-deactivation': async (db) => {
    await insert(db, 'cameras', {
      id: 'c-2',
      site_id: 's-1',
      name: 'Old yard camera',
      vms_names: json([]),
      created_at: at,
      deactivated_at: later,
    });
  },
  '0018-external-sign-in': async (db) => {
    await insert(db, 'external_identities', {
      subject: 'resp@lahti.example',
      user_id: 'u-resp',
      linked_at: at,
      linked_by: 'u-admin',
    });
    await insert(db, 'oidc_logins', {
      state_hash: 'a'.repeat(64),
      nonce: 'nonce-1',
      code_verifier: 'verifier-1',
      expires_at: later,
    });
    await insert(db, 'api_keys', {
      id: 'k-1',
      user_id: 'u-resp',
      label: 'Camera system',
      key_hash: 'b'.repeat(64),
      created_at: at,
      created_by: 'u-admin',
      expires_at: '2027-11-20T10:00:00.000Z',
    });
  },
  '0019-notifications': async (db) => {
    await sql`update users set email = 'vastuu@lahti.example' where id = 'u-resp'`.execute(db);
    await insert(db, 'notification_outbox', {
      id: 'n-1',
      idempotency_key: 'request_registered:q-1:u-resp',
      kind: 'request_registered',
      user_id: 'u-resp',
      site_id: 's-1',
      params: json({ hoursLeft: 300 }),
      created_at: at,
      status: 'sent',
      attempts: 1,
      unconfirmed: 0,
      next_attempt_at: at,
      sent_at: later,
    });
  },
};
