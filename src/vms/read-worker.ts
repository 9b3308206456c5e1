import { parentPort, workerData } from 'node:worker_threads';
import { packItems, transferList } from './packed-items.js';
import { BATCHES_IN_FLIGHT, type FromReader } from './read-in-worker.js';
import { type ReadVmsOptions, readVmsFile } from './read-vms-file.js';

/**
 * The reading thread of `readVmsFileInWorker`: reads the file with `readVmsFile` and posts its
 * batches packed, at most `BATCHES_IN_FLIGHT` ahead of the importing thread, so that a slow
 * database never makes the file pile up in memory.
 */
const port = parentPort;
if (port === null) throw new Error('read-worker.ts runs as a worker thread');
const { path, options } = workerData as { path: string; options: ReadVmsOptions };
const post = (message: FromReader, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let credits = BATCHES_IN_FLIGHT;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits += 1;
  wake?.();
  wake = null;
});

const reader = readVmsFile({ path }, options);
try {
  for await (const batch of reader.batches()) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits -= 1;
    const packed = packItems(batch, reader.rowsRead, reader.stats);
    post({ type: 'batch', packed }, transferList(packed));
  }
  post({ type: 'end', rowsRead: reader.rowsRead, stats: { ...reader.stats } });
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  post({ type: 'failed', message: e?.message ?? String(err), code: e?.code });
}
port.close();
