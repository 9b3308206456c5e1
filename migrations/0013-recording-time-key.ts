import { type CreateTableBuilder, type Kysely, type Migration, sql } from 'kysely';
import type { MigrationDialect } from './index.js';

/**
 * R1: recording metadata expires `RETENTION_HOURS` after its own time (a segment after its
 * end), under the setting in force at each purge pass, not the one in force when the item
 * arrived. The three metadata tables therefore lose the expiry stored with each row and are
 * keyed on the item's time instead: (end_at | at, camera_id, external_id). As in 0004 that
 * key is the table's only index, the purge's access path in the order it deletes, and what
 * makes a resent item a duplicate; on SQLite the rows live in it (WITHOUT ROWID).
 *
 * Neither database changes a primary key in place on SQLite, so each table is copied into
 * one with the new key, the old one dropped and the copy renamed (for PostgreSQL the same,
 * so that both end with the same schema). The tables hold 14 days of items at most.
 */
export function recordingTimeKey(dialect: MigrationDialect): Migration {
  const clustered = <T extends CreateTableBuilder<string, never>>(b: T) =>
    dialect === 'sqlite' ? (b.modifyEnd(sql`without rowid`) as T) : b;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('recording_segments_next')
        .addColumn('camera_id', 'text', (c) => c.notNull().references('cameras.id'))
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('start_at', 'text', (c) => c.notNull())
        .addColumn('end_at', 'text', (c) => c.notNull())
        .addColumn('image_ref', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('recording_segments_time_pk', ['end_at', 'camera_id', 'external_id'])
        .$call(clustered)
        .execute();
      await sql`insert into recording_segments_next
                  (camera_id, external_id, start_at, end_at, image_ref, received_at)
                  select camera_id, external_id, start_at, end_at, image_ref, received_at
                  from recording_segments where true
                on conflict do nothing`.execute(db);
      await db.schema.dropTable('recording_segments').execute();
      await db.schema.alterTable('recording_segments_next').renameTo('recording_segments').execute();

      for (const [table, value] of [
        ['recording_card_reads', 'card_number'],
        ['recording_plate_reads', 'plate'],
      ] as const) {
        await db.schema
          .createTable(`${table}_next`)
          .addColumn('camera_id', 'text', (c) => c.notNull().references('cameras.id'))
          .addColumn('external_id', 'text', (c) => c.notNull())
          .addColumn(value, 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_time_pk`, ['at', 'camera_id', 'external_id'])
          .$call(clustered)
          .execute();
        // The same item sent twice under two settings had two expiries, so two rows: one stays.
        await sql`insert into ${sql.table(`${table}_next`)} (camera_id, external_id, ${sql.ref(value)}, at, received_at)
                    select camera_id, external_id, ${sql.ref(value)}, at, received_at from ${sql.table(table)} where true
                  on conflict do nothing`.execute(db);
        await db.schema.dropTable(table).execute();
        await db.schema.alterTable(`${table}_next`).renameTo(table).execute();
      }
    },
  };
}
