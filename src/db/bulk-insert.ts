import { CompiledQuery, type Insertable, sql } from 'kysely';
import { type Executor, isPostgres } from './transaction.js';
import type { DB } from './types.js';

type Insert<T extends keyof DB> = (rows: readonly Insertable<DB[T]>[]) => Promise<number>;

/**
 * Inserts rows many to a statement, skipping rows that collide on `conflictColumns`, and
 * returns how many were stored: the bulk path of a camera-system import (issue 6), a million
 * rows at a time. Each dialect gets the statement it runs fastest.
 */
export function bulkInserter<T extends keyof DB & string>(
  db: Executor,
  table: T,
  columns: readonly (keyof DB[T] & string)[],
  conflictColumns: readonly (keyof DB[T] & string)[],
): Insert<T> {
  return isPostgres(db)
    ? unnestInserter(db, table, columns, conflictColumns)
    : valuesInserter(db, table, columns, conflictColumns);
}

const cell = (row: unknown, column: string) => (row as Record<string, unknown>)[column] ?? null;

/**
 * SQLite: a multi-row VALUES insert that Kysely builds and compiles once per number of rows;
 * later chunks of that size bind their values to the same SQL text (and the same prepared
 * statement). Building and compiling a 14,000-value insert every time cost more than
 * executing it.
 */
function valuesInserter<T extends keyof DB & string>(
  db: Executor,
  table: T,
  columns: readonly (keyof DB[T] & string)[],
  conflictColumns: readonly (keyof DB[T] & string)[],
): Insert<T> {
  const sqlByRowCount = new Map<number, string>();
  // A plain loop into a sized array: flatMap over a million rows was a tenth of the import.
  const values = (rows: readonly Insertable<DB[T]>[]) => {
    const out = new Array<unknown>(rows.length * columns.length);
    let i = 0;
    for (const row of rows) for (const c of columns) out[i++] = cell(row, c);
    return out;
  };

  /** The statement for `rows.length` rows, checked once against Kysely's own parameters. */
  const sqlFor = (rows: readonly Insertable<DB[T]>[]): string => {
    const known = sqlByRowCount.get(rows.length);
    if (known !== undefined) return known;
    const compiled = db
      .insertInto(table)
      .values(rows.map((row) => Object.fromEntries(columns.map((c) => [c, cell(row, c)]))) as never)
      .onConflict((oc) => oc.columns(conflictColumns as never).doNothing())
      .compile();
    const ours = values(rows);
    if (compiled.parameters.length !== ours.length || compiled.parameters.some((p, i) => p !== ours[i]))
      throw new Error(`bulk insert into ${table}: parameters are not in column order`);
    sqlByRowCount.set(rows.length, compiled.sql);
    return compiled.sql;
  };

  return async (rows) => {
    if (rows.length === 0) return 0;
    const result = await db.executeQuery(CompiledQuery.raw(sqlFor(rows), values(rows)));
    return Number(result.numAffectedRows ?? 0n);
  };
}

/**
 * PostgreSQL: one array parameter per column, `insert … select * from unnest(…)`. A VALUES
 * list binds one parameter per cell, which the server parses one by one (a million-row
 * import waited 17 s of its 29 s on the server); arrays of each column's type, read once
 * from the catalogue, bind fourteen.
 */
function unnestInserter<T extends keyof DB & string>(
  db: Executor,
  table: T,
  columns: readonly (keyof DB[T] & string)[],
  conflictColumns: readonly (keyof DB[T] & string)[],
): Insert<T> {
  let types: Promise<string[]> | undefined;
  const columnTypes = async () => {
    const { rows } = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}`.execute(db);
    const typeOf = new Map(rows.map((r) => [r.column_name, r.data_type]));
    return columns.map((c) => {
      const type = typeOf.get(c);
      if (type === undefined) throw new Error(`bulk insert into ${table}: no column ${c}`);
      return type;
    });
  };

  return async (rows) => {
    if (rows.length === 0) return 0;
    types ??= columnTypes();
    const arrayTypes = await types;
    const arrays = columns.map((c) => rows.map((row) => cell(row, c)));
    const result = await sql`
      insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
      select * from unnest(${sql.join(arrays.map((values, i) => sql`${values}::${sql.raw(arrayTypes[i]!)}[]`))})
      on conflict (${sql.join(conflictColumns.map((c) => sql.ref(c)))}) do nothing`.execute(db);
    return Number(result.numAffectedRows ?? 0n);
  };
}
