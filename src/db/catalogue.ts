import { type Kysely, sql } from 'kysely';
import type { Dialect } from './connect.js';

/**
 * The tables of the database, read from its own catalogue rather than from a list kept by
 * hand: what copies a database whole, or checks that one is, also covers a table added by a
 * later migration. Kysely's own bookkeeping tables are left out.
 */
export async function tableNames(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  const { rows } =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`
          select name from sqlite_master
          where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like 'kysely\\_%' escape '\\'
          order by name`.execute(db)
      : await sql<{ name: string }>`
          select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'
            and table_name not like 'kysely\\_%'
          order by table_name`.execute(db);
  return rows.map((r) => r.name);
}

/** The number of rows of every table, by name. */
export async function rowCounts(db: Kysely<unknown>, dialect: Dialect): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tableNames(db, dialect)) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
      db,
    );
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}
