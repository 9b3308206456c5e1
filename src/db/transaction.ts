import type { Kysely, Transaction } from 'kysely';
import type { DB } from './types.js';

export type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Runs `fn` in a transaction, or inside the caller's when there already is one, so
 * repository functions compose (STYLE.md examples 6 and 7).
 */
export async function inTransaction<T>(db: Executor, fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<DB>);
  return db.transaction().execute(fn);
}

/** Ledger writes call this first: a write outside a transaction is a programming error. */
export function assertTransaction(db: Executor): asserts db is Transaction<DB> {
  if (!db.isTransaction) throw new Error('ledger write outside a transaction');
}
