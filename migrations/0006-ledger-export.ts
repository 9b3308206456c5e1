import type { Kysely, Migration } from 'kysely';
import type { MigrationDialect } from './index.js';

/**
 * The Excel ledger: the export pages through every entry in viewing-time order
 * (keyset pagination on viewed_at, seq); without this index each page of an export that is
 * not narrowed to one site would sort the whole table. The import's "same file twice" check
 * uses the existing viewings_import_ref index.
 */
export function ledgerExport(_dialect: MigrationDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('viewings_viewed_at_seq')
        .on('viewings')
        .columns(['viewed_at', 'seq'])
        .execute();
    },
  };
}
