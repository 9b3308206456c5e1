import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from './problem.js';

/**
 * How many imports run at once over the API, camera-system exports and Excel ledgers together.
 * Each reads and stores a whole file, which takes a core and memory for seconds or minutes; past
 * the limit a request is refused at once, before its upload is read, with 503 and Retry-After,
 * so that the service keeps answering everyone else (the health check, ledger writes).
 */

declare module 'fastify' {
  interface FastifyInstance {
    importSlots: ImportSlots;
  }
}

/** Seconds a refused client is told to wait: a small export takes about this long to import. */
const retryAfterSeconds = 5;

export class ImportSlots {
  private running = 0;

  constructor(readonly max: number) {}

  /** A release function, or null when every slot is taken. */
  take(): (() => void) | null {
    if (this.running >= this.max) return null;
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
    };
  }
}

export const importSlotsPlugin = fp(
  async (app: FastifyInstance, options: { max: number }) => {
    app.decorate('importSlots', new ImportSlots(options.max));
  },
  { name: 'import-slots' },
);

/** Runs `fn` (which sends the answer) in an import slot, or answers 503 with Retry-After when none is free. */
export async function inImportSlot<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  fn: () => Promise<T>,
): Promise<T | FastifyReply> {
  const release = request.server.importSlots.take();
  if (release === null) {
    const { max } = request.server.importSlots;
    reply.header('retry-after', String(retryAfterSeconds));
    return sendProblem(
      request,
      reply,
      503,
      'imports_busy',
      `${max} imports are already running (IMPORTS_MAX_CONCURRENT); try again in ${retryAfterSeconds} seconds`,
      { params: { limit: 'IMPORTS_MAX_CONCURRENT', value: max, retryAfterSeconds } },
    );
  }
  // Given back once the answer is sent, before the upload's temporary file is removed, so that a
  // client sending one import after another never finds its own last one still running.
  reply.raw.once('finish', release);
  try {
    return await fn();
  } finally {
    release();
  }
}
