import { type CreateTableBuilder, type Kysely, type Migration, sql } from 'kysely';
import { makeAppendOnlyV1 } from './append-only.js';
import type { MigrationDialect } from './index.js';

/**
 * R1 retention: recording metadata that carries its own expiry, the tombstones its purge
 * leaves, and the access-log guard that lets the purge (and nothing else) delete access-log
 * rows once they are older than their retention (R10).
 *
 * Each metadata table has one index, its primary key (expires_at, camera_id, external_id):
 * the purge's only access path, in the order it deletes, and the key that makes a resent
 * item a duplicate (on SQLite the table itself, WITHOUT ROWID). A second index on
 * (camera_id, external_id) would make every purged row a random delete in it: on SQLite
 * 400,000 rows then took 11.1 s to purge instead of 1.4 s (measured earlier: 17.6 s vs 1.3 s
 * per million), and each 5,000-row batch blocked the API for 120 ms. Searches by card number
 * or plate therefore scan: they are rare (R11 data-subject requests) and the tables hold 14
 * days at most.
 */
export function retention(dialect: MigrationDialect): Migration {
  // On SQLite the rows live in the primary key's B-tree itself (WITHOUT ROWID): a purge
  // batch is then one contiguous range of one B-tree.
  const clustered = <T extends CreateTableBuilder<string, never>>(b: T) =>
    dialect === 'sqlite' ? (b.modifyEnd(sql`without rowid`) as T) : b;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('recording_segments')
        .addColumn('camera_id', 'text', (c) => c.notNull().references('cameras.id'))
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('start_at', 'text', (c) => c.notNull())
        .addColumn('end_at', 'text', (c) => c.notNull())
        .addColumn('image_ref', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('recording_segments_pk', ['expires_at', 'camera_id', 'external_id'])
        .$call(clustered)
        .execute();

      for (const [table, value] of [
        ['recording_card_reads', 'card_number'],
        ['recording_plate_reads', 'plate'],
      ] as const) {
        await db.schema
          .createTable(table)
          .addColumn('camera_id', 'text', (c) => c.notNull().references('cameras.id'))
          .addColumn('external_id', 'text', (c) => c.notNull())
          .addColumn(value, 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['expires_at', 'camera_id', 'external_id'])
          .$call(clustered)
          .execute();
      }

      // A ledger table: one tombstone per purge transaction, recorded by a `retention.purged`
      // event with the same seq (src/protocol/verify.ts checks them). No personal data (R1):
      // counts by kind, and per camera its site, counts by kind and the period covered.
      await db.schema
        .createTable('retention_tombstones')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('pass_id', 'text', (c) => c.notNull())
        .addColumn('purged_at', 'text', (c) => c.notNull())
        .addColumn('period_from', 'text', (c) => c.notNull())
        .addColumn('period_to', 'text', (c) => c.notNull())
        .addColumn('item_count', 'integer', (c) => c.notNull())
        .addColumn('counts', 'text', (c) => c.notNull())
        .addColumn('cameras', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('retention_tombstones_purged')
        .on('retention_tombstones')
        .column('purged_at')
        .execute();
      await makeAppendOnlyV1(db, dialect, 'retention_tombstones');

      // The last purge pass, for the status endpoint: an operational gauge, not evidence (the
      // tombstones are the evidence).
      await db.schema
        .createTable('retention_state')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('pass_id', 'text')
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('duration_ms', 'integer')
        .addColumn('deleted', 'integer')
        .addColumn('counts', 'text')
        .addColumn('outcome', 'text')
        .execute();
      await sql`insert into retention_state (id) values (1)`.execute(db);

      await guardAccessLogRetention(db, dialect);
    },
  };
}

/**
 * R10: the access log stays append-only except for one thing, deleting rows older than its
 * retention. The retention lives in a one-row table the DELETE trigger reads (the purge keeps
 * it equal to ACCESS_LOG_RETENTION_DAYS); the trigger measures age on the database's own
 * clock, so a plain `DELETE FROM audit_events` of a young row fails whoever sends it. Ten
 * minutes of slack absorb clock skew between the service and a PostgreSQL server, so the
 * purge, which cuts at exactly the retention on its own clock, is never refused. A missing
 * settings row refuses every delete (fail closed). UPDATE and TRUNCATE stay refused.
 */
async function guardAccessLogRetention(db: Kysely<unknown>, dialect: MigrationDialect) {
  await db.schema
    .createTable('retention_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('access_log_days', 'integer', (c) => c.notNull().check(sql`access_log_days > 0`))
    .execute();
  await sql`insert into retention_settings (id, access_log_days) values (1, 1826)`.execute(db);

  const refused = 'audit_events is append-only: DELETE of a row younger than its retention refused';
  if (dialect === 'sqlite') {
    await sql.raw('DROP TRIGGER audit_events_no_delete').execute(db);
    await sql
      .raw(
        `CREATE TRIGGER audit_events_delete_after_retention BEFORE DELETE ON audit_events
         WHEN coalesce(OLD.at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now',
               '-' || ((SELECT access_log_days FROM retention_settings WHERE id = 1) * 24) || ' hours',
               '+10 minutes'), 0) = 0
         BEGIN SELECT RAISE(ABORT, '${refused}'); END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER retention_settings_no_delete BEFORE DELETE ON retention_settings
         BEGIN SELECT RAISE(ABORT, 'retention_settings: DELETE refused'); END`,
      )
      .execute(db);
    return;
  }
  await sql.raw('DROP TRIGGER audit_events_no_change ON audit_events').execute(db);
  await sql
    .raw(
      `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
       FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE FUNCTION refuse_young_audit_event_delete() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE days integer;
       BEGIN
         SELECT access_log_days INTO days FROM retention_settings WHERE id = 1;
         IF days IS NULL
            OR OLD.at::timestamptz >= now() - days * interval '24 hours' + interval '10 minutes' THEN
           RAISE EXCEPTION '${refused}';
         END IF;
         RETURN OLD;
       END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER audit_events_delete_after_retention BEFORE DELETE ON audit_events
       FOR EACH ROW EXECUTE FUNCTION refuse_young_audit_event_delete()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER retention_settings_no_delete BEFORE DELETE ON retention_settings
       FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER retention_settings_no_truncate BEFORE TRUNCATE ON retention_settings
       FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`,
    )
    .execute(db);
}
