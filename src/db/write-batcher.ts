import type { Kysely, Transaction } from 'kysely';
import type { DB } from './types.js';

export interface CommitHooks {
  beforeCommit(tx: Transaction<DB>): Promise<void>;
  afterCommit(): void;
}

interface Job {
  run(tx: Transaction<DB>): Promise<unknown>;
  hooks: CommitHooks | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for SQLite. With synchronous=FULL every commit waits for an fsync (≈ 1 ms
 * on this kind of machine), and SQLite has one writer, so concurrent ledger writes queue
 * behind each other's fsyncs. The batcher runs the writes waiting at that moment one after
 * the other in one transaction, each inside its own savepoint, and commits once: a write
 * that fails rolls back to its savepoint alone; the others commit together, and each
 * caller is answered only after the commit, so an acknowledged write is durable.
 */
export class WriteBatcher {
  private readonly queue: Job[] = [];
  private draining = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly maxBatch = 64,
  ) {}

  submit<T>(run: (tx: Transaction<DB>) => Promise<T>, hooks: CommitHooks | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, hooks, resolve: resolve as (v: unknown) => void, reject });
      // Not awaited: this caller waits on its own promise, which its batch settles. drain()
      // runs the queue for every caller, and runBatch turns a failed transaction into
      // rejections of the jobs in it.
      void this.drain();
    });
  }

  private async drain() {
    if (this.draining) return;
    this.draining = true;
    // Let the requests already in flight reach their writes, so they join this batch.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.queue.length > 0) await this.runBatch(this.queue.splice(0, this.maxBatch));
    } finally {
      this.draining = false;
    }
  }

  private async runBatch(batch: Job[]) {
    const outcomes: Outcome[] = [];
    let trx: Awaited<ReturnType<ReturnType<Kysely<DB>['startTransaction']>['execute']>> | undefined;
    try {
      trx = await this.db.startTransaction().setAccessMode('read write').execute();
      for (const [i, job] of batch.entries()) {
        const name = `write_${i}`;
        const sp = await trx.savepoint(name).execute();
        try {
          const value = await job.run(sp);
          await job.hooks?.beforeCommit(sp);
          await sp.releaseSavepoint(name).execute();
          outcomes.push({ ok: true, value });
        } catch (error) {
          await sp.rollbackToSavepoint(name).execute();
          await sp.releaseSavepoint(name).execute();
          outcomes.push({ ok: false, error });
        }
      }
      await trx.commit().execute();
    } catch (error) {
      await trx
        ?.rollback()
        .execute()
        .catch(() => undefined);
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i] as Outcome;
      if (outcome.ok) {
        job.hooks?.afterCommit();
        job.resolve(outcome.value);
      } else {
        job.reject(outcome.error);
      }
    });
  }
}
