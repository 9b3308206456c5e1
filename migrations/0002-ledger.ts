import type { Migration } from 'kysely';
import { type Kysely, sql } from 'kysely';
import { makeAppendOnlyV1 } from './append-only.js';
import type { MigrationDialect } from './index.js';

/**
 * The ledger (R3 R4 R5 R7 R9 R13): one hash chain of events, and append-only tables of
 * viewing rights, their revocations, viewing entries and their amendments. Every ledger
 * row carries the `seq` of the chain event that recorded it.
 */
export function ledger(dialect: MigrationDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('ledger_events')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('site_id', 'text')
        .addColumn('subject_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ledger_events_subject').on('ledger_events').column('subject_id').execute();
      await makeAppendOnlyV1(db, dialect, 'ledger_events');

      // The chain head: one row, updated by every append. On PostgreSQL the UPDATE's row
      // lock serialises concurrent appends, so the chain never forks.
      await db.schema
        .createTable('ledger_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into ledger_head (id, seq, hash) values (1, 0, ${'0'.repeat(64)})`.execute(db);

      await db.schema
        .createTable('viewing_rights')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('commitment_ref', 'text', (c) => c.notNull())
        .addColumn('commitment_signed_on', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('granted_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('granted_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('viewing_rights_user_site')
        .on('viewing_rights')
        .columns(['user_id', 'site_id'])
        .execute();
      await makeAppendOnlyV1(db, dialect, 'viewing_rights');

      await db.schema
        .createTable('viewing_right_revocations')
        .addColumn('right_id', 'text', (c) => c.primaryKey().references('viewing_rights.id'))
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('effective_at', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('revoked_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('revoked_at', 'text', (c) => c.notNull())
        .execute();
      await makeAppendOnlyV1(db, dialect, 'viewing_right_revocations');

      await db.schema
        .createTable('viewings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('viewed_at', 'text', (c) => c.notNull())
        .addColumn('viewed_until', 'text')
        .addColumn('camera_ids', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('footage_from', 'text', (c) => c.notNull())
        .addColumn('footage_to', 'text', (c) => c.notNull())
        .addColumn('footage_time_estimated', 'integer', (c) => c.notNull())
        .addColumn('grounds', 'text', (c) => c.notNull())
        .addColumn('justification', 'text', (c) => c.notNull())
        .addColumn('decided_by_user_id', 'text', (c) => c.references('users.id'))
        .addColumn('decided_by_name', 'text', (c) => c.notNull())
        .addColumn('viewer_id', 'text', (c) => c.references('users.id'))
        .addColumn('viewer_name', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('late', 'integer', (c) => c.notNull())
        .addColumn('late_by_minutes', 'integer')
        .addColumn('import_ref', 'text')
        .execute();
      await db.schema
        .createIndex('viewings_site_viewed')
        .on('viewings')
        .columns(['site_id', 'viewed_at'])
        .execute();
      await db.schema
        .createIndex('viewings_viewer')
        .on('viewings')
        .columns(['viewer_id', 'viewed_at'])
        .execute();
      await db.schema.createIndex('viewings_import_ref').on('viewings').column('import_ref').execute();
      await makeAppendOnlyV1(db, dialect, 'viewings');

      await db.schema
        .createTable('viewing_amendments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('viewing_id', 'text', (c) => c.notNull().references('viewings.id'))
        .addColumn('changes', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('amended_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('amended_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('viewing_amendments_viewing')
        .on('viewing_amendments')
        .column('viewing_id')
        .execute();
      await makeAppendOnlyV1(db, dialect, 'viewing_amendments');
    },
  };
}
