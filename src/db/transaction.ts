import { AsyncLocalStorage } from 'node:async_hooks';
import { type Kysely, PostgresAdapter, type Transaction } from 'kysely';
import type { DB } from './types.js';
import type { CommitHooks, WriteBatcher } from './write-batcher.js';

export type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Commit hooks carry work that belongs in the same commit as whatever the current unit of
 * work (an HTTP request) writes: the access-log row of a change (R10) commits with the
 * change, and a synchronous=FULL commit costs one fsync instead of two.
 */
const commitHooks = new AsyncLocalStorage<CommitHooks>();

const batchers = new WeakMap<Executor, WriteBatcher>();

/** SQLite: outermost transactions on `db` go through its group-commit batcher. */
export function useWriteBatcher(db: Kysely<DB>, batcher: WriteBatcher) {
  batchers.set(db, batcher);
}

/** Runs `fn` with hooks that every outermost transaction started inside it will call. */
export function withCommitHooks<T>(hooks: CommitHooks, fn: () => T): T {
  return commitHooks.run(hooks, fn);
}

/**
 * Runs `fn` in a transaction, or inside the caller's when there already is one, so
 * repository functions compose.
 */
export async function inTransaction<T>(db: Executor, fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<DB>);
  const hooks = commitHooks.getStore();
  const batcher = batchers.get(db);
  if (batcher) return batcher.submit(fn, hooks);
  const result = await db
    .transaction()
    .setAccessMode('read write')
    .execute(async (tx) => {
      const value = await fn(tx);
      await hooks?.beforeCommit(tx);
      return value;
    });
  hooks?.afterCommit();
  return result;
}

/** Ledger writes call this first: a write outside a transaction is a programming error. */
export function assertTransaction(db: Executor): asserts db is Transaction<DB> {
  if (!db.isTransaction) throw new Error('ledger write outside a transaction');
}

/** For the few statements that each dialect runs best written its own way. */
export function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
