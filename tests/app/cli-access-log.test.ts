import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/index.js';
import { runCli } from '../helpers/cli.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/vms');

/** R10: a command run in a shell leaves the same access-log row as the same action over HTTP. */
describeEachDialect('access log of the command line', (dialect) => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let db: Database;
  let siteId: string;

  const cli = async (args: string[], input?: string) => {
    const run = runCli(args, { ...env, ...(input ? { CCTV_LEDGER_TEST_PASSWORD: input } : {}) });
    const result = await run.done;
    return result;
  };
  const lastRow = () =>
    db.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    env = { DATA_DIR: database.dataDir, DATABASE_URL: database.url, PASSWORD_HASH_COST: '10' };
    const seeded = await cli(['seed', '--sites']);
    expect(seeded.code, seeded.stderr).toBe(0);
    siteId = seeded.stdout.split(/\s+/)[0]!;
    db = connect(database.url);
  }, 60_000);
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  const password = ['--password-env', 'CCTV_LEDGER_TEST_PASSWORD'];
  const period = ['--from', '2026-01-01T00:00:00+02:00', '--to', '2026-12-31T00:00:00+02:00'];
  const out = () => path.join(database.dataDir, 'ledger.xlsx');

  // In order: each command needs what the ones before it made.
  const commands: [string, () => string[], string, string?][] = [
    [
      'user add',
      () => [
        'user',
        'add',
        'lvirtanen',
        '--name',
        'Liisa Virtanen',
        '--roles',
        'responsible',
        '--sites',
        siteId,
        ...password,
      ],
      'user.create',
      'a long passphrase here',
    ],
    ['user list', () => ['user', 'list'], 'user.list'],
    [
      'user set-password',
      () => ['user', 'set-password', 'lvirtanen', '--no-must-change', ...password],
      'user.set_password',
      'another long passphrase',
    ],
    ['user unlock', () => ['user', 'unlock', 'lvirtanen'], 'user.unlock'],
    [
      'import',
      () => [
        'import',
        path.join(fixtures, 'nx-witness.csv'),
        '--profile',
        'nx-witness-csv',
        '--site',
        siteId,
        '--user',
        'lvirtanen',
      ],
      'vms_import.create',
    ],
    ['reconcile', () => ['reconcile', ...period, '--user', 'lvirtanen'], 'reconciliation.run'],
    ['export', () => ['export', ...period, '--user', 'lvirtanen', '--out', out()], 'ledger.export_xlsx'],
    [
      'import-ledger',
      () => ['import-ledger', out(), '--site', siteId, '--user', 'lvirtanen'],
      'ledger_import.create',
    ],
    ['verify', () => ['verify'], 'ledger.verify'],
    ['checkpoint', () => ['checkpoint'], 'ledger.checkpoint'],
    ['retention run', () => ['retention', 'run'], 'retention.purge'],
    ['retention status', () => ['retention', 'status'], 'retention.status'],
    ['user disable', () => ['user', 'disable', 'lvirtanen'], 'user.update'],
  ];

  it.each(commands)(
    '%s writes its access-log row',
    async (_name, args, action, input) => {
      const before = await db.db.selectFrom('audit_events').select('id').execute();
      const result = await cli(args(), input);
      const row = await lastRow();
      expect(row.action, `${result.stdout}\n${result.stderr}`).toBe(action);
      expect((await db.db.selectFrom('audit_events').select('id').execute()).length).toBe(before.length + 1);
      expect(row.ip).toBeNull();
      expect(JSON.parse(row.detail ?? '{}')).toMatchObject({ via: 'cli' });
      if (args().includes('--user')) expect(row.actor_username).toBe('lvirtanen');
      else expect(row.actor_username).toMatch(/^shell:/);
      if (action === 'ledger.export_xlsx') expect(fs.existsSync(out())).toBe(true);
    },
    60_000,
  );
});
