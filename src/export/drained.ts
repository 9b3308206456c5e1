import type { Writable } from 'node:stream';

/** The reader of an export went away (an HTTP client closed the connection). */
export class ExportCancelled extends Error {
  constructor() {
    super('the export was cancelled: its reader went away');
    this.name = 'ExportCancelled';
  }
}

/**
 * Resolves when `out` can take more (at once if it can), and rejects when it is closed
 * first, so that an export whose client has gone stops instead of waiting for ever.
 */
export async function drained(out: Writable): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new ExportCancelled();
  if (!out.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      out.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      out.off('drain', onDrain);
      reject(new ExportCancelled());
    };
    out.once('drain', onDrain);
    out.once('close', onClose);
  });
}
