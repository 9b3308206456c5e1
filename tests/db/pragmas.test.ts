import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

/** The SQLite connection the service runs on has the pragmas of the foundation issue. */
describe('SQLite pragmas', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(() => t.close());

  it.each([
    ['journal_mode', 'wal'],
    ['synchronous', 2], // FULL: a committed entry survives power loss
    ['foreign_keys', 1],
    ['busy_timeout', 5000],
  ])('%s = %s, read back from the connection of the app', async (pragma, expected) => {
    expect(t.app.database.dialect).toBe('sqlite');
    const { rows } = await sql<Record<string, unknown>>`${sql.raw(`PRAGMA ${pragma}`)}`.execute(
      t.app.database.db,
    );
    expect(rows).toHaveLength(1);
    // busy_timeout answers in a column named `timeout`; the others by their own name.
    expect(Object.values(rows[0]!)).toEqual([expected]);
  });

  it('enforces foreign keys, not only reports them on', async () => {
    const insert = sql`insert into cameras (id, site_id, name, vms_names, created_at)
                       values ('c1', 'no-such-site', 'Door', '[]', '2025-01-01T00:00:00.000Z')`;
    await expect(insert.execute(t.app.database.db)).rejects.toThrow(/FOREIGN KEY/);
  });
});
