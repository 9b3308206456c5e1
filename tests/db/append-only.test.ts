import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, type Database, migrateToLatest } from '../../src/db/index.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * R10: the access log is append-only in the database itself. Statements typed straight
 * into SQL, past the application, must fail and leave the rows as they were.
 */
describeEachDialect('audit_events is append-only', (dialect) => {
  let database: TestDatabase;
  let conn: Database;
  let id: number;

  const snapshot = async () => ({
    row: await conn.db.selectFrom('audit_events').selectAll().where('id', '=', id).executeTakeFirst(),
    count: (await sql<{ n: number }>`select count(*) as n from audit_events`.execute(conn.db)).rows[0]!.n,
  });

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    conn = connect(database.url);
    await migrateToLatest(conn.db, conn.dialect);
    const inserted = await conn.db
      .insertInto('audit_events')
      .values({
        at: '2025-01-01T00:00:00.000Z',
        actor_id: null,
        actor_username: 'admin',
        action: 'auth.login',
        ip: '127.0.0.1',
        outcome: 'success',
        status: 200,
        request_id: 'r-1',
        detail: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = inserted.id;
  });
  afterAll(async () => {
    await conn.close();
    await database.drop();
  });

  const statements: [string, () => RawBuilder<unknown>][] = [
    ['UPDATE of the row', () => sql`update audit_events set action = 'tampered' where id = ${id}`],
    ['UPDATE of every row', () => sql`update audit_events set outcome = 'denied'`],
    ['DELETE of the row', () => sql`delete from audit_events where id = ${id}`],
    ['DELETE of every row', () => sql`delete from audit_events`],
    [
      'upsert rewriting the row',
      () => sql`insert into audit_events (id, at, action, outcome, status) values (${id}, 'x', 'tampered', 'success', 200)
                on conflict (id) do update set action = 'tampered'`,
    ],
  ];
  if (dialect === 'postgres') statements.push(['TRUNCATE', () => sql`truncate audit_events`]);

  it.each(statements)('refuses %s and leaves the row unchanged', async (_name, statement) => {
    const before = await snapshot();
    expect(before.row?.action).toBe('auth.login');
    await expect(statement().execute(conn.db)).rejects.toThrow(/append-only/);
    expect(await snapshot()).toEqual(before);
  });

  // SQLite: REPLACE resolves the primary-key conflict by deleting the old row, which fires
  // the DELETE trigger only because src/db/connect.ts turns recursive_triggers on.
  if (dialect === 'sqlite') {
    it('refuses INSERT OR REPLACE of an existing row', async () => {
      const { rows } = await sql<{ id: number }>`insert into audit_events (at, action, outcome, status)
        values ('2025-01-03T00:00:00.000Z', 'user.create', 'success', 201) returning id`.execute(conn.db);
      const own = rows[0]!.id;
      const row = () =>
        conn.db.selectFrom('audit_events').selectAll().where('id', '=', own).executeTakeFirst();
      const before = await row();
      const replace = sql`insert or replace into audit_events (id, at, action, outcome, status)
                          values (${own}, 'x', 'tampered', 'success', 200)`;
      await expect(replace.execute(conn.db)).rejects.toThrow(/append-only/);
      expect(await row()).toEqual(before);
    });
  }

  it('still accepts new rows', async () => {
    const before = await snapshot();
    await sql`insert into audit_events (at, action, outcome, status) values ('2025-01-02T00:00:00.000Z', 'site.create', 'success', 201)`.execute(
      conn.db,
    );
    expect((await snapshot()).count).toBe(before.count + 1);
  });
});
