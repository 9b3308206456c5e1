import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { audited } from '../audit/index.js';
import type { Config } from '../config.js';
import { runReconciliation } from '../reconcile/index.js';
import { findProfile, importVmsFile } from '../vms/index.js';
import { withDatabase } from './database.js';
import { periodHelp, periodOption } from './period.js';
import { actingUser, shellAccessor } from './principal.js';

/** A row counter on a terminal; silent when output is piped (cron, CI). */
function progress() {
  if (!process.stderr.isTTY) return { update: (_n: number) => {}, stop: () => {} };
  const bar = new SingleBar({
    format: 'importing | {value} rows read | {duration_formatted}',
    stream: process.stderr,
  });
  bar.start(0, 0);
  return { update: (n: number) => bar.update(n), stop: () => bar.stop() };
}

/** `cctv-ledger import` and `cctv-ledger reconcile` (R6). */
export function vmsCommands(config: () => Readonly<Config>): Command[] {
  const importCommand = new Command('import')
    .description('import a camera-system (VMS) audit export into the ledger database (R6)')
    .argument('<file>', 'CSV/TSV, XLSX or Nx JSON export')
    .requiredOption(
      '--profile <id>',
      'milestone-xprotect, nx-witness-csv, nx-witness-json, genetec-activity-trail, verkada, generic, or an uploaded one',
    )
    .requiredOption('--site <siteId>', 'the import’s site (events naming no camera belong to it)')
    .requiredOption('--user <username>', 'the responsible person doing the import')
    .option(
      '--tz <zone>',
      'IANA time zone of times without an offset (default: the profile’s, else Europe/Helsinki)',
    )
    .option('--skip-invalid', 'store the valid rows and report the rest (default: all or nothing)')
    .addHelpText(
      'after',
      '\nExample:\n  cctv-ledger import audit.txt --profile milestone-xprotect --site <siteId> --user lvirtanen',
    )
    .action(
      async (
        file: string,
        o: { profile: string; site: string; user: string; tz?: string; skipInvalid?: boolean },
      ) => {
        const c = config();
        const bar = progress();
        try {
          const report = await withDatabase(c, async ({ db }) => {
            const actor = await actingUser(db, o.user);
            const profile = await findProfile(db, o.profile);
            return audited(
              db,
              shellAccessor(actor),
              {
                action: 'vms_import.create',
                targetType: 'vms_import',
                detail: { siteId: o.site, profile: o.profile },
              },
              () => new Date(),
              () =>
                importVmsFile(
                  db,
                  actor,
                  file,
                  {
                    siteId: o.site,
                    profile,
                    timeZone: o.tz,
                    fileName: path.basename(file),
                    skipInvalid: o.skipInvalid === true,
                    limits: c.imports.xlsx,
                    onProgress: bar.update,
                  },
                  new Date(),
                ),
              (r) => ({ importId: r.id, stored: r.stored }),
            );
          });
          bar.stop();
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        } catch (err) {
          bar.stop();
          throw err;
        }
      },
    );

  const reconcileCommand = new Command('reconcile')
    .description(
      'compare the ledger with imported camera-system events over [from, to) and store the findings (R6)',
    )
    .addOption(periodOption('from', 'start of the period (inclusive)').makeOptionMandatory())
    .addOption(
      periodOption('to', 'end of the period (exclusive; a date is included whole)').makeOptionMandatory(),
    )
    .requiredOption('--user <username>', 'the responsible person or auditor running it')
    .option('--site <siteId...>', 'sites (default: every site the user may see)')
    .addHelpText('after', periodHelp)
    .action(async (o: { from: string; to: string; user: string; site?: string[] }) => {
      const c = config();
      const run = await withDatabase(c, async ({ db }) => {
        const actor = await actingUser(db, o.user);
        const clock = () => new Date();
        return audited(
          db,
          shellAccessor(actor),
          { action: 'reconciliation.run', targetType: 'reconciliation', detail: { from: o.from, to: o.to } },
          clock,
          () =>
            runReconciliation(db, actor, { from: o.from, to: o.to, siteIds: o.site }, clock, {
              notify: c.notifications.smtp !== null,
            }),
          (r) => ({ runId: r.id }),
        );
      });
      process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    });
  return [importCommand, reconcileCommand];
}
