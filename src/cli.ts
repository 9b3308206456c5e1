#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { backupCommands } from './cli/backup.command.js';
import { withDatabase } from './cli/database.js';
import { exportCommand } from './cli/export.command.js';
import { fieldErrorLines } from './cli/field-errors.js';
import { importLedgerCommand } from './cli/import-ledger.command.js';
import { ledgerCommands } from './cli/ledger.command.js';
import { migrateToCommand } from './cli/migrate-to.command.js';
import { periodHelp } from './cli/period.js';
import { retentionCommand } from './cli/retention.command.js';
import { userCommand } from './cli/user.command.js';
import { vmsCommands } from './cli/vms.command.js';
import { type Config, loadConfig, settingsTableMarkdown } from './config.js';
import { migrateToLatest } from './db/index.js';
import { DomainError } from './errors.js';
import { unsupportedNode } from './runtime.js';
import { seedRegionSites } from './sites/index.js';

const refusal = unsupportedNode(process.version);
if (refusal) {
  process.stderr.write(`${refusal}\n`);
  process.exit(1);
}

/** The one command-line entry: `cctv-ledger <command>`; settings come from the environment. */
let config: Readonly<Config> | undefined;
const getConfig = () => {
  config ??= loadConfig();
  return config;
};

const program = new Command('cctv-ledger')
  .description('Viewing ledger for camera surveillance in self-service libraries (R1–R13).')
  .addHelpText(
    'after',
    `${periodHelp}\n\nEvery command that uses the database says which on standard error. Settings are\nenvironment variables (the database: DATA_DIR or DATABASE_URL):\n\n${settingsTableMarkdown()}\n`,
  )
  .showHelpAfterError()
  .exitOverride();

program
  .command('serve')
  .description('start the HTTP service (applies migrations; creates the first admin on an empty database)')
  .action(async () => {
    const { startServer } = await import('./server.js');
    await startServer(getConfig());
  });

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async () => {
    const applied = await withDatabase(getConfig(), ({ db, dialect }) => migrateToLatest(db, dialect));
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  });

program.addCommand(migrateToCommand(getConfig));

program
  .command('seed')
  .description('add reference data')
  .option('--sites', 'the nine self-service libraries of the Päijät-Häme joint register')
  .action(async (o: { sites?: boolean }) => {
    if (!o.sites) throw new CommanderError(2, 'seed.nothing', 'nothing to seed: give --sites');
    const created = await withDatabase(getConfig(), ({ db }) => seedRegionSites(db, new Date()));
    process.stdout.write(
      created.length ? created.map((s) => `${s.id}  ${s.name}\n`).join('') : 'sites already present\n',
    );
  });

program.addCommand(userCommand(getConfig));
for (const c of ledgerCommands(getConfig)) program.addCommand(c);
for (const c of vmsCommands(getConfig)) program.addCommand(c);
program.addCommand(retentionCommand(getConfig));
program.addCommand(exportCommand(getConfig));
program.addCommand(importLedgerCommand(getConfig));
for (const c of backupCommands(getConfig)) program.addCommand(c);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Parse errors were printed by commander already; an invalid argument found by an
    // action (an unknown --user, say) was not.
    if (err.code === 'commander.invalidArgument') process.stderr.write(`cctv-ledger: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`cctv-ledger: ${err instanceof Error ? err.message : String(err)}\n`);
    // What the API's problem body lists (rejected rows, missing columns), the shell gets too.
    if (err instanceof DomainError)
      for (const line of fieldErrorLines(err.errors)) process.stderr.write(`  ${line}\n`);
    process.exitCode = 1;
  }
}
