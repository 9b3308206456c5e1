import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createPeriodicPass } from '../periodic-pass.js';
import { type PassResult, runPurgePass } from './purge.js';
import { type RetentionSettings, retentionSettingsOf } from './settings.js';

export interface RetentionService {
  settings: RetentionSettings;
  /** Runs one purge pass now (or joins the running one) with the app's clock. */
  runPass(): Promise<PassResult>;
}

declare module 'fastify' {
  interface FastifyInstance {
    retention: RetentionService;
  }
}

/**
 * R1: the purge in the service process — a pass when the app is ready and then every
 * PURGE_INTERVAL_SECONDS (0 turns the scheduler off, e.g. for `cctv-ledger retention run`
 * from cron, or in tests); stopped, between two batches, when the app closes.
 */
export const retentionPlugin = fp(
  async (app: FastifyInstance) => {
    const settings = retentionSettingsOf(app.config);
    const passes = createPeriodicPass<PassResult>({
      intervalMs: settings.purgeIntervalSeconds * 1000,
      run: (signal) => runPurgePass(app.database, settings, { clock: () => app.now(), signal }),
      onResult: (r) => {
        const level = r.outcome === 'failed' ? 'error' : r.total > 0 ? 'info' : 'debug';
        app.log[level](
          { retentionPass: r },
          `retention pass ${r.outcome}: ${r.total} rows purged in ${r.durationMs} ms`,
        );
      },
      onError: (err) => app.log.error({ err }, 'retention pass failed'),
    });
    app.decorate('retention', { settings, runPass: () => passes.runNow<PassResult>() });
    app.addHook('onReady', async () => passes.start());
    app.addHook('onClose', async () => passes.stop());
  },
  { name: 'retention', dependencies: ['database'] },
);
