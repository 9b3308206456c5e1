import fs, { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError, Option } from 'commander';
import { audited } from '../audit/index.js';
import type { Config } from '../config.js';
import { langValues, prepareLedgerExport, writeLedgerWorkbook, writeProtocolCsv } from '../export/index.js';
import { requestSettingsOf } from '../requests/index.js';
import { withDatabase } from './database.js';
import { periodHelp, periodOption } from './period.js';
import { actingUser, shellAccessor } from './principal.js';
import { openPrivateFile } from './private-file.js';

const now = () => new Date();

/** The folder of `--out` exists and may be written, or a refusal that names the path. */
function assertWritableFolder(out: string): void {
  const folder = path.dirname(path.resolve(out));
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch (err) {
    const missing = (err as { code?: unknown }).code === 'ENOENT';
    throw new CommanderError(
      2,
      'commander.invalidArgument',
      `--out ${out}: ${missing ? `the folder ${folder} does not exist` : `the folder ${folder} is not writable`}`,
    );
  }
}

/** A row counter on a terminal; silent when output is piped (cron, CI). */
function progress() {
  if (!process.stderr.isTTY) return { add: (_n: number) => {}, stop: () => {} };
  const bar = new SingleBar({
    format: 'exporting | {value} rows | {duration_formatted}',
    stream: process.stderr,
  });
  bar.start(0, 0);
  let rows = 0;
  return {
    add: (n: number) => {
      rows += n;
      bar.update(rows);
    },
    stop: () => bar.stop(),
  };
}

interface ExportOptions {
  from: string;
  to: string;
  site?: string;
  lang: (typeof langValues)[number];
  format?: 'xlsx' | 'csv';
  accessLog?: boolean;
  out: string;
  user: string;
}

/**
 * `cctv-ledger export`: the ledger workbook (or its protocol sheet as CSV) into a file, as the
 * named responsible person or auditor. Written to `FILE.partial` and renamed when complete;
 * recorded in the access log with its filters (R10) like an export over HTTP.
 */
export function exportCommand(config: () => Readonly<Config>): Command {
  return new Command('export')
    .description(
      'export the ledger to Excel for auditors (R4 R7): protocol, rights, requests, copies, findings, tombstones',
    )
    .addOption(periodOption('from', 'start of the period (inclusive)').makeOptionMandatory())
    .addOption(
      periodOption('to', 'end of the period (exclusive; a date is included whole)').makeOptionMandatory(),
    )
    .requiredOption('--out <file>', 'the file to write (.xlsx, or .csv for the protocol sheet only)')
    .requiredOption('--user <username>', 'the responsible person or auditor exporting')
    .option('--site <siteId>', 'one site (default: every site the user may export)')
    .addOption(new Option('--lang <lang>', 'language of headings').choices(langValues).default('fi'))
    .addOption(new Option('--format <format>', 'default: from the --out extension').choices(['xlsx', 'csv']))
    .option('--access-log', 'add the access log of the period as a sheet (R10; auditors only)')
    .addHelpText(
      'after',
      `${periodHelp}\n\nExample:\n  cctv-ledger export --from 2026-01-01 --to 2026-03-31 --user lvirtanen --out kirjanpito-q1.xlsx`,
    )
    .action(async (o: ExportOptions) => {
      const format = o.format ?? (o.out.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx');
      const query = {
        from: o.from,
        to: o.to,
        siteId: o.site,
        lang: o.lang,
        accessLog: o.accessLog ? ('true' as const) : ('false' as const),
      };
      assertWritableFolder(o.out);
      const partial = `${o.out}.partial`;
      const bar = progress();
      await withDatabase(config(), async ({ db }) => {
        const actor = await actingUser(db, o.user);
        const settings = requestSettingsOf(config());
        const action = { action: `ledger.export_${format}`, targetType: 'ledger', detail: { query } };
        const snapshot = await audited(db, shellAccessor(actor), action, now, async () => {
          const snapshot = await prepareLedgerExport(db, actor, query, now(), settings, format === 'xlsx');
          const file = createWriteStream(partial, { fd: openPrivateFile(partial) });
          try {
            if (format === 'csv') await writeProtocolCsv(snapshot, file, bar.add);
            else await writeLedgerWorkbook(snapshot, file, bar.add);
            await finished(file);
            await rename(partial, o.out);
          } catch (err) {
            file.destroy();
            await rm(partial, { force: true });
            throw err;
          } finally {
            bar.stop();
          }
          return snapshot;
        });
        const v = snapshot.verify;
        const chain = v === null ? '' : v.ok ? ', chain verified' : `, chain NOT verified: ${v.reason}`;
        process.stdout.write(`wrote ${o.out} (ledger head seq ${snapshot.head.seq}${chain})\n`);
      });
    });
}
