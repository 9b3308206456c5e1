import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { audited } from '../audit/index.js';
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import {
  importLedgerWorkbook,
  type LedgerImportReport,
  type LedgerMapping,
  ledgerMappingSchema,
} from '../ledger-import/index.js';
import { withDatabase } from './database.js';
import { actingUser, shellAccessor } from './principal.js';

const now = () => new Date();

function readMapping(file: string | undefined): LedgerMapping | undefined {
  if (file === undefined) return undefined;
  const parsed = ledgerMappingSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidArgumentError(
      `${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid mapping'}`,
    );
  }
  return parsed.data;
}

/** Row, column and message of each problem, one per line, for a terminal. */
function describe(err: DomainError): string {
  const lines = err.errors.map((e) => {
    const where = [e.line !== undefined ? `row ${e.line}` : '', e.column ? `column ${e.column}` : '']
      .filter(Boolean)
      .join(', ');
    return `  ${where ? `${where}: ` : ''}${e.message}`;
  });
  return [err.message, ...lines].join('\n');
}

/** With --skip-invalid: the rows left out, each with its problems. */
function skippedRows(report: LedgerImportReport): string {
  const byRow = new Map<number, string[]>();
  for (const e of report.errors)
    byRow.set(e.row, [...(byRow.get(e.row) ?? []), `${e.column ? `column ${e.column}: ` : ''}${e.message}`]);
  const lines = [...byRow].map(([row, problems]) => `  row ${row}: ${problems.join('; ')}`);
  const more = report.invalid > byRow.size ? [`  … and ${report.invalid - byRow.size} more rows`] : [];
  return [
    `${report.invalid} of ${report.rowsRead} rows were left out (--skip-invalid):`,
    ...lines,
    ...more,
  ].join('\n');
}

/**
 * `cctv-ledger import-ledger FILE.xlsx`: the Excel ledger kept before the service, row by row
 * into imported entries on the chain (R4). Prints the report as JSON; a refused import
 * prints each row's problem and exits 1 with nothing imported.
 */
export function importLedgerCommand(config: () => Readonly<Config>): Command {
  return new Command('import-ledger')
    .description('import an existing Excel viewing ledger: each row becomes an entry marked imported (R4 R7)')
    .argument('<file>', 'the .xlsx workbook')
    .requiredOption('--user <username>', 'the responsible person doing the import')
    .option('--site <siteId>', 'every row goes to this site (default: a site column names each row’s site)')
    .option('--sheet <name>', 'the worksheet (default: the first)')
    .option(
      '--map <mapping.json>',
      'column mapping: {"columns": {"viewedAt": "Pvm", …}, "grounds": {"Poliisi": "police_request"}}',
    )
    .option('--skip-invalid', 'import the valid rows and report the rest (default: all or nothing)')
    .addHelpText(
      'after',
      '\nFinnish headings are recognised by default (the register notice: "Katselupäivä ja kellonaika", …), and so\nare the headings `cctv-ledger export` writes in fi, sv and en. Importing the same file twice imports nothing.\n\nExample:\n  cctv-ledger import-ledger katselut-2024.xlsx --site <siteId> --user lvirtanen',
    )
    .action(
      async (
        file: string,
        o: { user: string; site?: string; sheet?: string; map?: string; skipInvalid?: boolean },
      ) => {
        const c = config();
        const mapping = readMapping(o.map);
        await withDatabase(c, async ({ db }) => {
          const actor = await actingUser(db, o.user);
          try {
            const report = await audited(
              db,
              shellAccessor(actor),
              {
                action: 'ledger_import.create',
                targetType: 'ledger_import',
                detail: { siteId: o.site ?? null },
              },
              now,
              () =>
                importLedgerWorkbook(
                  db,
                  actor,
                  file,
                  {
                    fileName: path.basename(file),
                    siteId: o.site,
                    sheet: o.sheet,
                    mapping,
                    skipInvalid: o.skipInvalid === true,
                    limits: c.imports.ledgerXlsx,
                    via: 'cli',
                  },
                  now(),
                ),
              (r) => ({ fileSha256: r.fileSha256, imported: r.imported }),
            );
            process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
            if (report.invalid > 0) process.stderr.write(`cctv-ledger: ${skippedRows(report)}\n`);
            // --skip-invalid that imports nothing has failed at its one job: say so in the exit code.
            if (o.skipInvalid && report.imported === 0) {
              process.stderr.write(
                `cctv-ledger: nothing was imported (${report.invalid} of ${report.rowsRead} rows invalid, ${report.alreadyImported} imported before)\n`,
              );
              process.exitCode = 1;
            }
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            process.stderr.write(`cctv-ledger: ${describe(err)}\n`);
            process.exitCode = 1;
          }
        });
      },
    );
}
