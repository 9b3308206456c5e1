import type { Kysely, Migration } from 'kysely';
import { makeAppendOnlyV1 } from './append-only.js';
import type { MigrationDialect } from './index.js';

/**
 * Outside requests and copies (R2 R7.6 R8 R13). Every step is its own append-only row
 * with its chain event: a request's status and a copy's state are derived from which
 * steps exist, never updated in place.
 */
export function requests(dialect: MigrationDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('requester_name', 'text', (c) => c.notNull())
        .addColumn('organisation', 'text', (c) => c.notNull())
        .addColumn('organisation_is_police', 'integer', (c) => c.notNull())
        .addColumn('contact', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('asks', 'text', (c) => c.notNull())
        .addColumn('camera_ids', 'text', (c) => c.notNull())
        .addColumn('footage_from', 'text', (c) => c.notNull())
        .addColumn('footage_to', 'text', (c) => c.notNull())
        .addColumn('stated_legal_basis', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('registered_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('requests_site')
        .on('requests')
        .columns(['site_id', 'received_at'])
        .execute();
      await makeAppendOnlyV1(db, dialect, 'requests');

      await db.schema
        .createTable('request_decisions')
        .addColumn('request_id', 'text', (c) => c.primaryKey().references('requests.id'))
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('override_reason', 'text')
        .addColumn('decided_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .execute();
      await makeAppendOnlyV1(db, dialect, 'request_decisions');

      await db.schema
        .createTable('request_closures')
        .addColumn('request_id', 'text', (c) => c.primaryKey().references('requests.id'))
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('early_reason', 'text')
        .addColumn('closed_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('closed_at', 'text', (c) => c.notNull())
        .execute();
      await makeAppendOnlyV1(db, dialect, 'request_closures');

      await db.schema
        .createTable('copies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('camera_ids', 'text', (c) => c.notNull())
        .addColumn('footage_from', 'text', (c) => c.notNull())
        .addColumn('footage_to', 'text', (c) => c.notNull())
        .addColumn('medium', 'text', (c) => c.notNull())
        .addColumn('identifier', 'text', (c) => c.notNull())
        .addColumn('storage_location', 'text', (c) => c.notNull())
        .addColumn('made_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('made_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('copies_request').on('copies').column('request_id').execute();
      await db.schema.createIndex('copies_site_made').on('copies').columns(['site_id', 'made_at']).execute();
      await makeAppendOnlyV1(db, dialect, 'copies');

      await db.schema
        .createTable('copy_deliveries')
        .addColumn('copy_id', 'text', (c) => c.primaryKey().references('copies.id'))
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('delivered_at', 'text', (c) => c.notNull())
        .addColumn('recipient_name', 'text', (c) => c.notNull())
        .addColumn('recipient_unit', 'text', (c) => c.notNull())
        .addColumn('receipt_ref', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await makeAppendOnlyV1(db, dialect, 'copy_deliveries');

      await db.schema
        .createTable('copy_destructions')
        .addColumn('copy_id', 'text', (c) => c.primaryKey().references('copies.id'))
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('destroyed_at', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('witness', 'text')
        .addColumn('reason', 'text')
        .addColumn('destroyed_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await makeAppendOnlyV1(db, dialect, 'copy_destructions');
    },
  };
}
