import { type Kysely, sql } from 'kysely';
import { appliedMigrations, connect, type DB, migrateToLatest, rowCounts, tableNames } from '../db/index.js';
import { TransferError } from './errors.js';

type Row = Record<string, unknown>;

/**
 * Whether the target holds nothing yet: no table at all, or exactly what the migrations
 * themselves write into a new database (the ledger head, the counters) at the source's schema
 * — a move that failed half-way leaves that, its copy rolled back, and may be run again.
 */
export async function prepareTarget(target: Kysely<DB>, sourceSchema: string[]): Promise<void> {
  const db = target as unknown as Kysely<unknown>;
  if ((await tableNames(db, 'postgres')).length === 0) {
    await migrateToLatest(target, 'postgres');
  } else {
    const applied = await appliedMigrations(target, 'postgres');
    const counts = await rowCounts(db, 'postgres');
    const seeded = await seededRows();
    const extra = Object.keys(counts).filter((t) => !(t in seeded) || counts[t] !== seeded[t]);
    if (applied.join() !== sourceSchema.join() || extra.length > 0)
      throw new TransferError(
        `the PostgreSQL database is not empty (${extra.length > 0 ? `it holds ${extra.slice(0, 5).join(', ')}` : 'another schema'}): move only into a new, empty database (createdb)`,
      );
  }
  const applied = await appliedMigrations(target, 'postgres');
  if (applied.join() !== sourceSchema.join())
    throw new TransferError(
      `the PostgreSQL database is at schema ${applied.at(-1)}, the SQLite one at ${sourceSchema.at(-1)}: run one release on both`,
    );
}

/** What a new database holds once migrated: the rows the migrations write, by table. */
async function seededRows(): Promise<Record<string, number>> {
  const scratch = connect('sqlite::memory:');
  try {
    await migrateToLatest(scratch.db, scratch.dialect);
    return await rowCounts(scratch.db as unknown as Kysely<unknown>, 'sqlite');
  } finally {
    await scratch.close();
  }
}

export async function columnsOf(db: Kysely<unknown>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
  return rows.map((r) => r.name);
}

async function primaryKeyOf(db: Kysely<unknown>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select a.attname as name from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = to_regclass(${table}) and i.indisprimary`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * Inserts of one table's rows. A row the migrations wrote already (the ledger head, a
 * counter) is replaced by the source's, on its primary key; any other table is empty.
 */
export async function tableWriter(db: Kysely<unknown>, table: string, columns: string[]) {
  const key = await primaryKeyOf(db, table);
  const rest = columns.filter((c) => !key.includes(c));
  const onConflict =
    key.length === 0
      ? sql``
      : rest.length === 0
        ? sql`on conflict do nothing`
        : sql`on conflict (${sql.join(key.map((c) => sql.ref(c)))}) do update set ${sql.join(
            rest.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`),
          )}`;
  const names = sql.join(columns.map((c) => sql.ref(c)));
  return async (rows: Row[]) => {
    const values = sql.join(rows.map((r) => sql`(${sql.join(columns.map((c) => r[c]))})`));
    await sql`insert into ${sql.table(table)} (${names}) values ${values} ${onConflict}`.execute(db);
  };
}

/**
 * Moves every id sequence past the largest id copied, and past the last id SQLite ever handed
 * out for that table (its AUTOINCREMENT counter survives deleted rows): the next insert on
 * PostgreSQL neither collides nor reuses an id.
 */
export async function advanceSequences(db: Kysely<unknown>, lastIssued: Map<string, number>): Promise<void> {
  const { rows } = await sql<{ table: string; column: string; sequence: string }>`
    select table_name as table, column_name as column,
           pg_get_serial_sequence(quote_ident(table_name), column_name) as sequence
    from information_schema.columns
    where table_schema = current_schema() and column_default like 'nextval(%'`.execute(db);
  for (const { table, column, sequence } of rows) {
    const { rows: max } = await sql<{ n: string | number | null }>`
      select max(${sql.ref(column)}) as n from ${sql.table(table)}`.execute(db);
    const last = Math.max(Number(max[0]?.n ?? 0), lastIssued.get(table) ?? 0);
    if (last > 0) await sql`select setval(${sequence}, ${last}, true)`.execute(db);
  }
}
