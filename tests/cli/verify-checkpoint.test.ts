import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';

/** R4: `verify --checkpoint` tells a forged checkpoint from a broken chain. */
describeEachDialect('cctv-ledger verify --checkpoint', (dialect) => {
  let database: TestDatabase;
  let env: Record<string, string>;
  const file = (name: string) => path.join(database.dataDir, name);
  const cli = async (args: string[]) => runCli(args, env).done;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    env = { DATA_DIR: database.dataDir, DATABASE_URL: database.url };
    const seeded = await cli(['seed', '--sites']);
    expect(seeded.code, seeded.stderr).toBe(0);
    const made = await cli(['checkpoint', '--out', file('checkpoint.json')]);
    expect(made.code, made.stderr).toBe(0);
  }, 60_000);
  afterAll(() => database.drop());

  it('accepts the checkpoint it signed', async () => {
    const run = await cli(['verify', '--checkpoint', file('checkpoint.json')]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true });
  });

  it('reports a forged checkpoint as a bad signature, not as a break in the chain', async () => {
    const genuine = JSON.parse(fs.readFileSync(file('checkpoint.json'), 'utf8'));
    fs.writeFileSync(file('forged.json'), JSON.stringify({ ...genuine, seq: 999 }));
    const run = await cli(['verify', '--checkpoint', file('forged.json')]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toEqual({
      ok: false,
      code: 'bad_signature',
      reason: expect.stringMatching(/^bad signature: /),
    });
    expect(result).not.toHaveProperty('brokenAt');
  });

  it('says a file that is not a checkpoint is not one, naming it', async () => {
    fs.writeFileSync(file('not-a-checkpoint.json'), JSON.stringify({ seq: 1 }));
    const run = await cli(['verify', '--checkpoint', file('not-a-checkpoint.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--checkpoint ${file('not-a-checkpoint.json')}: not a checkpoint`);
    const missing = await cli(['verify', '--checkpoint', file('nowhere.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${file('nowhere.json')}: no such file`);
  });
});
