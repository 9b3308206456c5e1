import type { Kysely, Migration } from 'kysely';
import { makeAppendOnlyV1 } from './append-only.js';
import type { MigrationDialect } from './index.js';

/**
 * Camera-system audit log imports and reconciliation runs (R6). Imported events carry a
 * dedup key so the same event in two overlapping exports is stored once; findings are
 * never deleted, and their resolutions are append-only.
 */
export function vmsReconcile(dialect: MigrationDialect): Migration {
  const autoId = dialect === 'postgres' ? 'bigserial' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('vms_profiles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('vms_imports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('profile_id', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('imported_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addColumn('rows_read', 'integer', (c) => c.notNull())
        .addColumn('stored', 'integer', (c) => c.notNull())
        .addColumn('duplicates', 'integer', (c) => c.notNull())
        .addColumn('rejected', 'integer', (c) => c.notNull())
        .addColumn('first_event_at', 'text')
        .addColumn('last_event_at', 'text')
        .addColumn('report', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('vms_events')
        .addColumn('id', autoId, (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('event_key', 'text', (c) => c.notNull().unique())
        .addColumn('import_id', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('raw_time', 'text', (c) => c.notNull())
        .addColumn('vms_user', 'text', (c) => c.notNull())
        .addColumn('user_host', 'text')
        .addColumn('camera_name', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('action_text', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('footage_from', 'text')
        .addColumn('footage_to', 'text')
        .addColumn('line', 'integer', (c) => c.notNull())
        .execute();
      // One time index: reconciliation reads by time, the purge deletes by it.
      await db.schema.createIndex('vms_events_occurred').on('vms_events').column('occurred_at').execute();

      await db.schema
        .createTable('reconciliation_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('window_from', 'text', (c) => c.notNull())
        .addColumn('window_to', 'text', (c) => c.notNull())
        .addColumn('site_ids', 'text', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('counts', 'text', (c) => c.notNull())
        .addColumn('unmapped', 'text', (c) => c.notNull())
        .addColumn('started_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('findings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('run_id', 'text', (c) => c.notNull().references('reconciliation_runs.id'))
        .addColumn('ordinal', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text', (c) => c.notNull())
        .addColumn('vms_user', 'text')
        .addColumn('user_id', 'text')
        .addColumn('period_from', 'text', (c) => c.notNull())
        .addColumn('period_to', 'text', (c) => c.notNull())
        .addColumn('event_ids', 'text', (c) => c.notNull())
        .addColumn('entry_ids', 'text', (c) => c.notNull())
        .addColumn('copy_ids', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('findings_run').on('findings').columns(['run_id', 'ordinal']).execute();
      await makeAppendOnlyV1(db, dialect, 'findings');
      await makeAppendOnlyV1(db, dialect, 'reconciliation_runs');

      await db.schema
        .createTable('finding_resolutions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id'))
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('resolved_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('resolved_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('finding_resolutions_finding')
        .on('finding_resolutions')
        .column('finding_id')
        .execute();
      await makeAppendOnlyV1(db, dialect, 'finding_resolutions');
    },
  };
}
