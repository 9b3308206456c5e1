import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The README's shell blocks that run the command line, in the README's order. */
function readmeCliBlocks(): string[] {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((m) => m[1] as string)
    .filter((block) => block.includes('npx cctv-ledger'));
}

/** Every command-line example of the README runs as written, one after another, on a fresh database. */
describeEachDialect('the README’s command-line examples', (dialect) => {
  let database: TestDatabase;
  let cwd: string;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    cwd = path.join(database.dataDir, 'operator');
    fs.mkdirSync(cwd);
    // The examples read the repository's sample export by its path in the repository.
    fs.symlinkSync(path.join(root, 'tests'), path.join(cwd, 'tests'));
  });
  afterAll(() => database.drop());

  it('runs them all', () => {
    const blocks = readmeCliBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    // `npx cctv-ledger` runs the built `dist/` on the project's Node: so does the test.
    const cli = `${process.execPath} ${path.join(root, 'dist/src/cli.js')}`;
    const script = ['set -euo pipefail', ...blocks].join('\n').replaceAll('npx cctv-ledger', cli);
    const run = spawnSync('bash', ['-c', script], {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        DATA_DIR: path.join(cwd, 'data'),
        ...(dialect === 'postgres' ? { DATABASE_URL: database.url } : {}),
        PASSWORD_HASH_COST: '10',
        LOG_LEVEL: 'warn',
      },
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('lvirtanen');
    expect(fs.existsSync(path.join(cwd, 'kirjanpito-2025-03.xlsx'))).toBe(true);
    expect(run.stdout).toMatch(/"ok":true/);
  }, 300_000);
});
