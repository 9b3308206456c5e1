import { Worker } from 'node:worker_threads';
import { type PackedItems, unpackItems } from './packed-items.js';
import type { VmsReadStats } from './read-context.js';
import type { ReadVmsOptions, VmsReader } from './read-vms-file.js';
import type { VmsReadItem } from './vms-event.js';

/** Batches the reading thread may post before the importing thread has taken them. */
export const BATCHES_IN_FLIGHT = 4;

export type FromReader =
  | { type: 'batch'; packed: PackedItems }
  | { type: 'end'; rowsRead: number; stats: VmsReadStats }
  | { type: 'failed'; message: string; code: string | undefined };

/**
 * The worker's code. Under the test runner this module is TypeScript source: the worker then
 * registers tsx (a dev dependency) before loading the source.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./read-worker.js', import.meta.url), { workerData });
  const source = JSON.stringify(new URL('./read-worker.ts', import.meta.url).href);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${source}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * `readVmsFile` on a thread of its own: the same items, while this thread stores the previous
 * batches. Reading a million-row export is most of an import's work (issue 6 benchmark), and
 * the service has a second core for it. A file path only (workbooks need one anyway).
 */
export function readVmsFileInWorker(
  path: string,
  options: ReadVmsOptions,
): Pick<VmsReader, 'rowsRead' | 'stats' | 'batches'> {
  const stats: VmsReadStats = { rowsRead: 0, format: null, encoding: null, delimiter: null };
  let started = false;
  async function* batches(): AsyncGenerator<VmsReadItem[]> {
    if (started) throw new Error('a VmsReader can be iterated only once');
    started = true;
    const worker = startWorker({ path, options });
    const inbox: FromReader[] = [];
    let failure: Error | null = null;
    let notify: (() => void) | null = null;
    const wake = () => {
      notify?.();
      notify = null;
    };
    worker.on('message', (m: FromReader) => {
      inbox.push(m);
      wake();
    });
    worker.on('error', (err) => {
      failure ??= err;
      wake();
    });
    worker.on('exit', (code) => {
      failure ??= new Error(`the reading thread stopped (exit code ${code}) before the end of the file`);
      wake();
    });
    try {
      for (;;) {
        while (inbox.length === 0 && failure === null)
          await new Promise<void>((resolve) => (notify = resolve));
        const m = inbox.shift();
        if (m === undefined) throw failure;
        if (m.type === 'failed') throw Object.assign(new Error(m.message), { code: m.code });
        Object.assign(stats, m.type === 'batch' ? m.packed.stats : m.stats);
        if (m.type === 'end') return;
        worker.postMessage('more');
        yield unpackItems(m.packed);
      }
    } finally {
      worker.removeAllListeners();
      await worker.terminate();
    }
  }
  return {
    get rowsRead() {
      return stats.rowsRead;
    },
    stats,
    batches,
  };
}
