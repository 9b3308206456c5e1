import type { Kysely, Migration } from 'kysely';
import { makeAppendOnlyV1 } from './append-only.js';
import type { MigrationDialect } from './index.js';

/**
 * R3: the reason given for a back-dated or self-granted viewing right, and the confirmation
 * of a self-grant by another responsible person of the site. Each is its own append-only row
 * with its chain event, so the rights recorded before keep their rows unchanged.
 */
export function viewingRightReasons(dialect: MigrationDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('viewing_right_reasons')
        .addColumn('right_id', 'text', (c) => c.primaryKey().references('viewing_rights.id'))
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('needs_confirmation', 'integer', (c) => c.notNull())
        .execute();
      await makeAppendOnlyV1(db, dialect, 'viewing_right_reasons');

      await db.schema
        .createTable('viewing_right_confirmations')
        .addColumn('right_id', 'text', (c) => c.primaryKey().references('viewing_rights.id'))
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('confirmed_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('confirmed_at', 'text', (c) => c.notNull())
        .execute();
      await makeAppendOnlyV1(db, dialect, 'viewing_right_confirmations');
    },
  };
}
