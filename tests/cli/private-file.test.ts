import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { describeEachDialect } from '../helpers/database.js';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describeEachDialect('files the command line writes', (dialect) => {
  let t: TestApp;
  let auditor: { username: string };
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    auditor = await t.user(['auditor']);
    env = { DATA_DIR: t.config.dataDir, DATABASE_URL: t.config.databaseUrl };
  });
  afterAll(() => t.close());

  it.each(['xlsx', 'csv'])(
    'export writes the ledger as %s readable by its owner only (0600)',
    async (ext) => {
      const out = path.join(t.config.dataDir, `ledger.${ext}`);
      const run = await runCli(
        ['export', '--from', '2026-01-01', '--to', '2026-12-31', '--user', auditor.username, '--out', out],
        env,
      ).done;
      expect(run.code, run.stderr).toBe(0);
      expect(modeOf(out).toString(8)).toBe('600');
    },
  );

  it('checkpoint writes 0600, also over a file that was 0644', async () => {
    const out = path.join(t.config.dataDir, 'checkpoint.json');
    fs.writeFileSync(out, 'old', { mode: 0o644 });
    fs.chmodSync(out, 0o644);
    const run = await runCli(['checkpoint', '--out', out], env).done;
    expect(run.code, run.stderr).toBe(0);
    expect(modeOf(out).toString(8)).toBe('600');
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toHaveProperty('seq');
  });
});
