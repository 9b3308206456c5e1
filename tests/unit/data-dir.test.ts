import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareDataDir } from '../../src/data-dir.js';
import { childServerEnv, startChildServer } from '../helpers/child-server.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';

const modeOf = (dir: string) => (fs.statSync(dir).mode & 0o777).toString(8);

describe('prepareDataDir', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-data-dir-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates a missing folder 0700', () => {
    const dir = path.join(root, 'data');
    prepareDataDir(dir, false);
    expect(modeOf(dir)).toBe('700');
  });

  it.each([0o755, 0o750, 0o711, 0o702])('refuses a folder of mode %o, naming it and the fix', (mode) => {
    fs.chmodSync(root, mode);
    expect(() => prepareDataDir(root, false)).toThrow(
      `DATA_DIR ${root} is open to other users (mode 0${mode.toString(8)}): run chmod 700 ${root}, or set DATA_DIR_ALLOW_OPEN=true to start anyway`,
    );
  });

  it('takes a 0700 folder, and an open one when allowed', () => {
    fs.chmodSync(root, 0o700);
    expect(() => prepareDataDir(root, false)).not.toThrow();
    fs.chmodSync(root, 0o755);
    expect(() => prepareDataDir(root, true)).not.toThrow();
  });
});

describeEachDialect('serve with an open DATA_DIR', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(dialect);
    fs.chmodSync(db.dataDir, 0o755);
  });
  afterAll(() => db.drop());

  it('refuses to start, and starts with DATA_DIR_ALLOW_OPEN=true', async () => {
    const env = childServerEnv(db);
    let refusal = '';
    try {
      await (await startChildServer(env)).kill('SIGKILL');
    } catch (err) {
      refusal = String(err);
    }
    expect(refusal).toContain(`DATA_DIR ${db.dataDir} is open to other users (mode 0755): run chmod 700`);
    const server = await startChildServer({ ...env, DATA_DIR_ALLOW_OPEN: 'true' });
    await server.kill('SIGKILL');
  });
});
