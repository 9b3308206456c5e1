import { type Kysely, sql } from 'kysely';
import type { MigrationDialect } from './index.js';

/**
 * Makes a table append-only in the database itself, so that not even a bug or a hand-typed
 * SQL statement can rewrite history (R10 for the access log; the ledger's tamper evidence).
 *
 * Version 1, frozen: migrations 0001–0005 made their tables append-only with exactly this DDL,
 * and 0004 drops and replaces triggers by the names it gives. Never edit it (the DDL each
 * migration sends is checked against tests/db/migration-ddl.*.sql). A migration that needs other
 * DDL adds `makeAppendOnlyV2` beside it, with a PostgreSQL function of its own name: `CREATE OR
 * REPLACE` of `refuse_append_only_change` would change what the triggers of version 1 run.
 */
export async function makeAppendOnlyV1(db: Kysely<unknown>, dialect: MigrationDialect, table: string) {
  if (dialect === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
           BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${op} refused'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
       FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`,
    )
    .execute(db);
}
