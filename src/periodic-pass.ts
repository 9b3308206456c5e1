import { performance } from 'node:perf_hooks';

export interface PeriodicPass {
  /** Starts the passes: one now, then one every interval (measured start to start). */
  start(): void;
  /** Runs a pass now, or joins the one running: one pass at a time per process. */
  runNow<T>(): Promise<T>;
  /** Stops the timer, aborts the running pass between two batches and waits for it. */
  stop(): Promise<void>;
}

export interface PeriodicPassOptions<T> {
  intervalMs: number;
  run(signal: AbortSignal): Promise<T>;
  onResult?(result: T): void;
  onError?(err: unknown): void;
}

/**
 * A pass run in the service process every interval: the R1 purge and the notifications'
 * pass. R1 says "nothing outlives its expiry by more than the purge interval", so passes are
 * spaced start to start; a pass longer than the interval is followed at once by the next one.
 */
export function createPeriodicPass<T>(o: PeriodicPassOptions<T>): PeriodicPass {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<T> | undefined;
  let controller: AbortController | undefined;
  let stopped = false;

  const runNow = () => {
    if (running) return running;
    controller = new AbortController();
    const pass = o.run(controller.signal);
    running = pass;
    // Not awaited: the caller of runNow (or tick) awaits the pass itself; these two only
    // report its outcome and clear `running` once it has settled, whatever the outcome.
    void pass.then(
      (r) => o.onResult?.(r),
      (err) => o.onError?.(err),
    );
    void pass
      .finally(() => {
        if (running === pass) running = undefined;
      })
      .catch(() => undefined);
    return pass;
  };

  const tick = async () => {
    const started = performance.now();
    await runNow().catch(() => undefined);
    if (stopped) return;
    timer = setTimeout(tick, Math.max(0, o.intervalMs - (performance.now() - started)));
    timer.unref();
  };

  return {
    start: () => {
      if (stopped || timer || o.intervalMs <= 0) return;
      timer = setTimeout(tick, 0);
      timer.unref();
    },
    runNow: <R>() => runNow() as unknown as Promise<R>,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      controller?.abort();
      await running?.catch(() => undefined);
    },
  };
}
