import type { Kysely, Migration } from 'kysely';
import type { MigrationDialect } from './index.js';

/**
 * A camera taken out of use is deactivated, never deleted: the viewing form stops offering
 * it, while the entries, imports and findings that name it keep their camera (R4, R6).
 */
export function cameraDeactivation(_dialect: MigrationDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('cameras').addColumn('deactivated_at', 'text').execute();
    },
  };
}
