import SQLite from 'better-sqlite3';
import { type CompiledQuery, Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrationsFor } from '../../migrations/index.js';
import type { Dialect } from '../../src/db/index.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * Migrations are frozen once released (migrations/README.md): what each one sends to the
 * database must never change, even when a helper it shares with others (the append-only
 * triggers) is touched. Each migration's statements, as compiled for the dialect, are kept in
 * a snapshot file beside this test; a difference fails it. A new migration adds its section
 * (`npx vitest run tests/db/migration-ddl.test.ts -u` on each dialect, then review the diff);
 * an existing section never changes.
 */
describeEachDialect('what each migration sends to the database', (dialect) => {
  let td: TestDatabase;
  let db: Kysely<unknown>;
  const sent: CompiledQuery[] = [];

  beforeAll(async () => {
    td = await freshDatabase(dialect);
    db = loggingKysely(dialect, td.url, (event) => {
      if (event.level === 'query') sent.push(event.query);
    });
  });
  afterAll(async () => {
    await db.destroy();
    await td.drop();
  });

  it('is the SQL it sent when it was released', async () => {
    const sections: string[] = [];
    for (const [name, migration] of Object.entries(migrationsFor(dialect))) {
      sent.length = 0;
      await migration.up(db);
      sections.push(`-- ${name}\n${sent.map(statementText).join('\n')}`);
    }
    await expect(`${sections.join('\n\n')}\n`).toMatchFileSnapshot(`./migration-ddl.${dialect}.sql`);
  });
});

/** A Kysely on `url` that reports every statement it runs (the application's `connect` has no log). */
function loggingKysely(dialect: Dialect, url: string, log: (event: LogEvent) => void): Kysely<unknown> {
  if (dialect === 'sqlite') {
    return new Kysely({
      dialect: new SqliteDialect({ database: new SQLite(url.slice('sqlite:'.length)) }),
      log,
    });
  }
  return new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    log,
  });
}

function statementText(query: CompiledQuery): string {
  const parameters =
    query.parameters.length > 0 ? `\n-- parameters: ${JSON.stringify(query.parameters)}` : '';
  return `${query.sql.trim()};${parameters}`;
}
