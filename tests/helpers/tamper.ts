import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Dialect } from '../../src/db/index.js';

/**
 * Runs SQL as someone with write access to the database file or server who bypasses the
 * append-only triggers and foreign keys: the attacker tamper evidence must catch.
 */
export async function tamper(t: { database: { url: string } }, dialect: Dialect, statements: string[]) {
  if (dialect === 'sqlite') {
    const raw = new SQLite(t.database.url.slice('sqlite:'.length));
    try {
      raw.pragma('foreign_keys = OFF'); // better-sqlite3 turns them on
      const triggers = raw.prepare("select name from sqlite_master where type = 'trigger'").all() as {
        name: string;
      }[];
      for (const { name } of triggers) raw.exec(`DROP TRIGGER ${name}`);
      for (const s of statements) raw.exec(s);
    } finally {
      raw.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: t.database.url });
  await client.connect();
  try {
    await client.query('SET session_replication_role = replica');
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}
