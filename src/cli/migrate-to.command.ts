import { Command } from 'commander';
import { audited } from '../audit/index.js';
import { describeBreak } from '../backup/index.js';
import type { Config } from '../config.js';
import { connect } from '../db/index.js';
import { copyToPostgres, type TransferProgress } from '../transfer/index.js';
import { databaseLabel, withDatabase } from './database.js';
import { shellAccessor } from './principal.js';

const now = () => new Date();

/** Progress on standard error: a line when a table is done, and at most one a second while it is copied. */
function progressLines(): TransferProgress {
  let last = 0;
  return (table, done, total) => {
    const finished = done === total;
    if (!finished && Date.now() - last < 1000) return;
    last = Date.now();
    process.stderr.write(`cctv-ledger: ${table}: ${done} of ${total} rows${finished ? ' copied' : ''}\n`);
  };
}

/** `cctv-ledger migrate-to postgres://…`: moves the service from its SQLite database to PostgreSQL. */
export function migrateToCommand(config: () => Readonly<Config>): Command {
  return new Command('migrate-to')
    .description(
      'copy the SQLite database in use into a new, empty PostgreSQL database and verify the chain there',
    )
    .argument(
      '<postgres-url>',
      'the PostgreSQL database to fill, new and empty (createdb), e.g. postgres://cctv@db/cctv_ledger',
    )
    .addHelpText(
      'after',
      [
        '',
        'Stop the service first: what it writes during the copy stays behind in SQLite.',
        'The PostgreSQL database is migrated to the same schema, then every table is copied in',
        'batches in one transaction (a failure leaves it empty, to be tried again), keeping every',
        'id; its sequences move past the ids copied. Progress goes to standard error. A database',
        'that holds anything already is refused. At the end the hash chain is verified there and',
        'the head printed; exit code 1 when it does not verify.',
        '',
        'Then set DATABASE_URL to the PostgreSQL URL and start the service; keep DATA_DIR (or',
        'JWT_KEY_FILE and CHECKPOINT_KEY_FILE) as it was, so tokens and checkpoints stay valid.',
        '',
        'Example:',
        '  createdb -O cctv cctv_ledger',
        '  cctv-ledger migrate-to postgres://cctv@db.example/cctv_ledger',
      ].join('\n'),
    )
    .action(async (url: string) => {
      const settings = config();
      const result = await withDatabase(settings, () =>
        copyToPostgres(settings.databaseUrl, url, progressLines()),
      );
      const target = connect(url);
      try {
        // R10: the move is in the access log of the database the service goes on with.
        await audited(
          target.db,
          shellAccessor(),
          {
            action: 'database.migrate_to',
            targetType: 'database',
            detail: { from: databaseLabel(settings.databaseUrl), headSeq: result.head.seq },
          },
          now,
          async () => undefined,
        );
      } finally {
        await target.close();
      }
      const rows = result.tables.reduce((sum, t) => sum + t.rows, 0);
      process.stdout.write(
        `Copied ${rows} rows of ${result.tables.length} tables into ${databaseLabel(url)}.\n` +
          `The ledger there ${describeBreak(result.verify)}; head at entry ${result.head.seq} (${result.head.hash.slice(0, 12)}…).\n`,
      );
      if (!result.verify.ok) process.exitCode = 1;
    });
}
