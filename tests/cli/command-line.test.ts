import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/vms');

/** The command line tells what the API tells, reads dates one way, and names its database. */
describeEachDialect('the command line', (dialect) => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let siteId: string;
  const cli = async (args: string[], extra: Record<string, string> = {}) =>
    runCli(args, { ...env, ...extra }).done;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    env = { DATA_DIR: database.dataDir, DATABASE_URL: database.url, PASSWORD_HASH_COST: '10' };
    const seeded = await cli(['seed', '--sites']);
    expect(seeded.code, seeded.stderr).toBe(0);
    siteId = seeded.stdout.split(/\s+/)[0]!;
    const added = await cli(
      [
        'user',
        'add',
        'lvirtanen',
        '--name',
        'Liisa Virtanen',
        '--roles',
        'responsible',
        '--sites',
        siteId,
        '--password-env',
        'PW',
      ],
      { PW: 'a long passphrase here' },
    );
    expect(added.code, added.stderr).toBe(0);
  }, 60_000);
  afterAll(() => database.drop());

  it('sets and removes the address notifications go to, refusing one that is not an address', async () => {
    const bad = await cli(['user', 'set-email', 'lvirtanen', 'not an address']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('not an e-mail address');
    const set = await cli(['user', 'set-email', 'lvirtanen', 'liisa.virtanen@kirjasto.example']);
    expect(set.code, set.stderr).toBe(0);
    const listed = JSON.parse((await cli(['user', 'list', '--json'])).stdout) as { email: string | null }[];
    expect(listed.map((u) => u.email)).toContain('liisa.virtanen@kirjasto.example');
    const removed = await cli(['user', 'set-email', 'lvirtanen']);
    expect(removed.stdout).toBe('e-mail of lvirtanen removed\n');
  });

  it('says which database it uses', async () => {
    const run = await cli(['user', 'list']);
    expect(run.code, run.stderr).toBe(0);
    if (dialect === 'sqlite') {
      expect(run.stderr).toContain(
        `cctv-ledger: database SQLite ${path.resolve(database.url.slice('sqlite:'.length))}`,
      );
    } else {
      expect(run.stderr).toContain('cctv-ledger: database PostgreSQL postgres://');
    }
    expect(run.stderr).not.toContain('warning');
  });

  it('lists the columns a wrong profile misses', async () => {
    const run = await cli([
      'import',
      path.join(fixtures, 'missing-column.csv'),
      '--profile',
      'milestone-xprotect',
      '--site',
      siteId,
      '--user',
      'lvirtanen',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the file cannot be read with this profile');
    expect(run.stderr).toMatch(/line 1, column User: missing_column: required column "User"/);
  });

  it('prints each rejected row with its line and column', async () => {
    const run = await cli([
      'import',
      path.join(fixtures, 'bad-rows.csv'),
      '--profile',
      'generic',
      '--site',
      siteId,
      '--user',
      'lvirtanen',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('4 rows have errors');
    expect(run.stderr).toMatch(/\n {2}line 3, column time: bad_time: /);
    expect(run.stderr).toMatch(/\n {2}line 4, column user: missing_value: /);
  });

  it('names an --out it cannot write', async () => {
    const out = path.join(database.dataDir, 'no-such-folder', 'ledger.xlsx');
    const run = await cli([
      'export',
      '--from',
      '2026-01-01',
      '--to',
      '2026-01-31',
      '--user',
      'lvirtanen',
      '--out',
      out,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--out ${out}: the folder ${path.dirname(out)} does not exist`);
  });

  it('reads a bare date as midnight in Europe/Helsinki in reconcile, as export does', async () => {
    const run = await cli(['reconcile', '--from', '2026-11-20', '--to', '2026-11-20', '--user', 'lvirtanen']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      from: '2026-11-19T22:00:00.000Z',
      to: '2026-11-20T22:00:00.000Z',
    });
    // Summer time: midnight is 21:00 UTC.
    const summer = await cli([
      'reconcile',
      '--from',
      '2026-06-01',
      '--to',
      '2026-06-01T12:00:00+03:00',
      '--user',
      'lvirtanen',
    ]);
    expect(JSON.parse(summer.stdout)).toMatchObject({
      from: '2026-05-31T21:00:00.000Z',
      to: '2026-06-01T09:00:00.000Z',
    });
    const bad = await cli(['reconcile', '--from', '20.11.2026', '--to', '2026-11-21', '--user', 'lvirtanen']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--from');
  });
});

describe('the command line without a database of its own', () => {
  it('warns when it creates a new database, naming where', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-cli-'));
    try {
      const run = await runCli(['user', 'list'], { DATA_DIR: dataDir }).done;
      const file = path.join(dataDir, 'cctv-ledger.db');
      expect(run.stderr).toContain(
        `cctv-ledger: warning: ${file} does not exist; a new, empty database is created there`,
      );
      const again = await runCli(['user', 'list'], { DATA_DIR: dataDir }).done;
      expect(again.stderr).not.toContain('warning');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.each(['reconcile', 'export'])('says in the help of %s what a bare date means', async (command) => {
    const run = await runCli([command, '--help'], {}).done;
    expect(run.stdout).toContain('which means midnight in Europe/Helsinki');
  });

  it('says in the help of migrate-to what it needs, what it refuses and what to do after', async () => {
    const run = await runCli(['migrate-to', '--help'], {}).done;
    expect(run.stdout).toContain('Usage: cctv-ledger migrate-to [options] <postgres-url>');
    expect(run.stdout).toContain('Stop the service first');
    expect(run.stdout).toContain('A database\nthat holds anything already is refused');
    expect(run.stdout).toContain('Then set DATABASE_URL to the PostgreSQL URL');
  });

  it('lists migrate-to and the key settings in its help', async () => {
    const run = await runCli(['--help'], {}).done;
    expect(run.stdout).toMatch(/migrate-to <postgres-url>/);
    expect(run.stdout).toContain('`JWT_KEY_FILE`');
    expect(run.stdout).toContain('`CHECKPOINT_KEY_FILE`');
  });
});
