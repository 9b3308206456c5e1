import type { Kysely, Migration } from 'kysely';
import type { MigrationDialect } from './index.js';

/**
 * The responsible person's desk reads, on every visit, the latest reconciliation of their
 * sites and its open findings (R6), each site's latest camera-system import (R6) and the
 * late entries of the last weeks (R5). These indexes let each of those reads stop after the
 * few rows it needs instead of scanning the tables (the desk must render in 50 ms at p99
 * with 100,000 entries and 10,000 open findings; bench/web.mjs).
 */
export function deskIndexes(_dialect: MigrationDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('reconciliation_runs_started')
        .on('reconciliation_runs')
        .column('started_at')
        .execute();
      await db.schema
        .createIndex('findings_run_site_kind')
        .on('findings')
        .columns(['run_id', 'site_id', 'kind'])
        .execute();
      await db.schema
        .createIndex('vms_imports_site_imported')
        .on('vms_imports')
        .columns(['site_id', 'imported_at'])
        .execute();
      await db.schema
        .createIndex('viewings_site_late_viewed')
        .on('viewings')
        .columns(['site_id', 'late', 'viewed_at'])
        .execute();
    },
  };
}
