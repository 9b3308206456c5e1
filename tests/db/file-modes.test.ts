import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

/** The SQLite files hold the ledger and personal data (R11): only the service's user may open them. */
describe('SQLite files', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await t.user(['viewer']); // a write, so the WAL has frames
  });
  afterAll(() => t.close());

  it.each(['', '-wal', '-shm'])('the database file%s is created 0600', (suffix) => {
    const file = `${t.config.databaseUrl.slice('sqlite:'.length)}${suffix}`;
    expect(path.dirname(file)).toBe(t.config.dataDir);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
  });
});
