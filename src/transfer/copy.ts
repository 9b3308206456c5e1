import type { Kysely } from 'kysely';
import {
  appliedMigrations,
  connect,
  type Database,
  dialectOf,
  rowCounts,
  sqliteFileOf,
} from '../db/index.js';
import { ledgerHead, type VerifyResult, verifyLedger } from '../protocol/index.js';
import { TransferError } from './errors.js';
import { advanceSequences, columnsOf, prepareTarget, tableWriter } from './postgres-target.js';
import { SqliteSource } from './sqlite-source.js';

/** Called after each batch, and once with 0 rows done for an empty table. */
export type TransferProgress = (table: string, done: number, total: number) => void;

export interface TransferResult {
  tables: { name: string; rows: number }[];
  verify: VerifyResult;
  head: { seq: number; hash: string };
}

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters a statement. */
const batchRows = (columns: number) => Math.max(1, Math.min(1000, Math.floor(60_000 / columns)));
const batchBytes = 16 * 1024 * 1024;

/**
 * Copies the whole SQLite database `sourceUrl` into the PostgreSQL database `targetUrl`, which
 * must be new and empty: migrated to the source's schema first, then every table of the
 * source's catalogue, parents first, in batches, in one transaction (a failure leaves the
 * target as empty as it was). Ids are kept; sequences move past them. Then the target's chain
 * is verified (R4) and every table's row count compared with the source's.
 */
export async function copyToPostgres(
  sourceUrl: string,
  targetUrl: string,
  progress: TransferProgress,
): Promise<TransferResult> {
  if (dialectOf(sourceUrl) !== 'sqlite')
    throw new TransferError('the database in use is not SQLite: migrate-to moves a SQLite database');
  if (dialectOf(targetUrl) !== 'postgres') throw new TransferError('the target must be a postgres:// URL');
  const source = connect(sourceUrl);
  const target = connect(targetUrl);
  try {
    await prepareTarget(target.db, await appliedMigrations(source.db, 'sqlite'));
    const snapshot = new SqliteSource(sqliteFileOf(sourceUrl));
    let tables: { name: string; rows: number }[];
    try {
      tables = await copyTables(snapshot, target, progress);
    } finally {
      snapshot.close();
    }
    await expectSameCounts(tables, target);
    return { tables, verify: await verifyLedger(target.db), head: await ledgerHead(target.db) };
  } finally {
    await source.close();
    await target.close();
  }
}

async function copyTables(snapshot: SqliteSource, target: Database, progress: TransferProgress) {
  const tables = snapshot.tables();
  const lastIssued = snapshot.lastIssuedIds();
  await target.db.transaction().execute(async (trx) => {
    const tx = trx as unknown as Kysely<unknown>;
    for (const table of tables) {
      const columns = await columnsOf(tx, table.name);
      if (columns.length === 0)
        throw new TransferError(`the PostgreSQL database has no table ${table.name}: its schema is another`);
      if ([...columns].sort().join() !== [...table.columns].sort().join())
        throw new TransferError(`${table.name} has other columns on PostgreSQL than on SQLite`);
      const write = await tableWriter(tx, table.name, columns);
      let done = 0;
      if (table.rows === 0) progress(table.name, 0, 0);
      for (const batch of snapshot.batches(table, batchRows(columns.length), batchBytes)) {
        await write(batch);
        done += batch.length;
        progress(table.name, done, table.rows);
      }
    }
    await advanceSequences(tx, lastIssued);
  });
  return tables.map((t) => ({ name: t.name, rows: t.rows }));
}

async function expectSameCounts(tables: { name: string; rows: number }[], target: Database) {
  const counts = await rowCounts(target.db as unknown as Kysely<unknown>, 'postgres');
  const differ = tables.filter((t) => counts[t.name] !== t.rows);
  if (differ.length > 0)
    throw new TransferError(
      `row counts differ after the copy: ${differ.map((t) => `${t.name} ${t.rows} on SQLite, ${counts[t.name]} on PostgreSQL`).join('; ')}`,
    );
  const extra = Object.keys(counts).filter((name) => !tables.some((t) => t.name === name));
  if (extra.length > 0) throw new TransferError(`PostgreSQL has tables SQLite has not: ${extra.join(', ')}`);
}
