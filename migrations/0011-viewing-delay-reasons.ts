import type { Kysely, Migration } from 'kysely';
import { makeAppendOnlyV1 } from './append-only.js';
import type { MigrationDialect } from './index.js';

/**
 * The reason a late entry gives for its delay (R5): its own append-only row and chain event,
 * recorded with the entry, so that the entries recorded before it keep their rows unchanged.
 */
export function viewingDelayReasons(dialect: MigrationDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('viewing_delay_reasons')
        .addColumn('viewing_id', 'text', (c) => c.primaryKey().references('viewings.id'))
        .addColumn('seq', 'integer', (c) => c.notNull().unique().references('ledger_events.seq'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .execute();
      await makeAppendOnlyV1(db, dialect, 'viewing_delay_reasons');
    },
  };
}
