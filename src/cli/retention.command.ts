import { Command } from 'commander';
import { audited } from '../audit/index.js';
import type { Config } from '../config.js';
import { retentionSettingsOf, retentionStatus, runPurgePass } from '../retention/index.js';
import { withDatabase } from './database.js';
import { shellAccessor } from './principal.js';

const now = () => new Date();

/**
 * `cctv-ledger retention run|status`: one purge pass for operators who prefer cron to the
 * in-process scheduler (set PURGE_INTERVAL_SECONDS=0 then), and the R1 status as JSON.
 */
export function retentionCommand(config: () => Readonly<Config>): Command {
  const retention = new Command('retention').description('R1 retention: purge expired data, show the status');

  retention
    .command('run')
    .description('run one purge pass now and print its result as JSON')
    .addHelpText(
      'after',
      '\nExits 0 when the pass completed or another instance was purging (skipped), 1 when it failed.\nSIGINT/SIGTERM stop it between two batches; what it deleted so far stays deleted, with its tombstones.',
    )
    .action(async () => {
      const settings = retentionSettingsOf(config());
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const result = await withDatabase(config(), (database) =>
          audited(
            database.db,
            shellAccessor(),
            { action: 'retention.purge' },
            now,
            () => runPurgePass(database, settings, { clock: now, signal: controller.signal }),
            (r) => ({ outcome: r.outcome }),
          ),
        );
        process.stdout.write(`${JSON.stringify(result)}\n`);
        if (result.outcome === 'failed') process.exitCode = 1;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });

  retention
    .command('status')
    .description(
      'print the retention status (oldest item, next expiry, last pass, items past expiry) as JSON',
    )
    .action(async () => {
      const settings = retentionSettingsOf(config());
      const status = await withDatabase(config(), ({ db }) =>
        audited(db, shellAccessor(), { action: 'retention.status' }, now, () =>
          retentionStatus(db, settings, now()),
        ),
      );
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    });
  return retention;
}
