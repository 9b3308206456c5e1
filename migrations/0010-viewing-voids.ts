import type { Kysely, Migration } from 'kysely';
import { makeAppendOnlyV1 } from './append-only.js';
import type { MigrationDialect } from './index.js';

/**
 * Voiding a duplicate or mistaken viewing entry (R4): its own append-only row with its chain
 * event, at most one per entry. The entry itself is never changed and stays in the ledger.
 */
export function viewingVoids(dialect: MigrationDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('viewing_voids')
        .addColumn('viewing_id', 'text', (c) => c.primaryKey().references('viewings.id'))
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('voided_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('voided_at', 'text', (c) => c.notNull())
        .execute();
      await makeAppendOnlyV1(db, dialect, 'viewing_voids');
    },
  };
}
