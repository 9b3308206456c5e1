import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  bulkInserter,
  connect,
  type Database,
  migrateToLatest,
  type VmsEventsTable,
} from '../../src/db/index.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';

const tricky = [
  'plain',
  'quote " and \' and ,comma',
  '{braces},[brackets] and NULL',
  'back\\slash \\" and \\\\',
  'Käytävä 2. kerros – ÅÄÖ 😀',
  ' leading and trailing spaces ',
  '',
];

const row = (n: number, text: string): Omit<VmsEventsTable, 'id'> => ({
  event_key: `k${n}`,
  import_id: 'import-1',
  site_id: 'site-1',
  occurred_at: `2025-08-01T10:00:${String(n).padStart(2, '0')}.000Z`,
  raw_time: `8/1/2025 1:00:${n} PM`,
  vms_user: text,
  user_host: n % 2 ? null : text,
  camera_name: n % 3 ? text : null,
  action: 'playback',
  action_text: text,
  message: text,
  footage_from: null,
  footage_to: n % 2 ? '2025-08-01T09:00:00.000Z' : null,
  line: n + 2,
});

// Every column but the generated id, in the order the rows above list them.
const columns = Object.keys(row(0, '')) as (keyof Omit<VmsEventsTable, 'id'>)[];

/** The import's bulk path stores every value as given, on each dialect's own statement. */
describeEachDialect('bulkInserter', (dialect) => {
  let database: TestDatabase;
  let conn: Database;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    conn = connect(database.url);
    await migrateToLatest(conn.db, conn.dialect);
  });
  afterAll(async () => {
    await conn.db.destroy();
    await database.drop();
  });

  it('stores text with quotes, commas, braces, backslashes, nulls and non-ASCII unchanged', async () => {
    const rows = tricky.map((text, n) => row(n, text));
    const insert = bulkInserter(conn.db, 'vms_events', columns, ['occurred_at', 'event_key']);
    expect(await insert(rows)).toBe(rows.length);
    const stored = await conn.db.selectFrom('vms_events').selectAll().orderBy('line').execute();
    expect(stored.map(({ id: _, ...r }) => r)).toEqual(rows);
  });

  it('skips rows already stored and counts only the new ones, in one transaction or outside', async () => {
    const insert = bulkInserter(conn.db, 'vms_events', columns, ['occurred_at', 'event_key']);
    const again = [row(0, 'plain'), row(40, 'new one'), row(41, 'another')];
    expect(await insert(again)).toBe(2);
    const inTx = await conn.db
      .transaction()
      .execute((tx) => bulkInserter(tx, 'vms_events', columns, ['occurred_at', 'event_key'])([row(42, 'x')]));
    expect(inTx).toBe(1);
    expect(await insert([])).toBe(0);
  });
});
