import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database, migrateToLatest } from '../../src/db/index.js';

// Another process beside the service (a backup, a `user` command) holds the same file.
describe('SQLite transactions that write take the write lock when they begin', () => {
  let dir: string;
  let database: Database;
  let other: SQLite.Database;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-lock-'));
    database = connect(`sqlite:${path.join(dir, 'ledger.db')}`);
    await migrateToLatest(database.db, database.dialect);
    other = new SQLite(path.join(dir, 'ledger.db'));
    other.pragma('busy_timeout = 0');
  });
  afterAll(async () => {
    other.close();
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const otherCanWrite = () => {
    try {
      other.exec('begin immediate; rollback');
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw err;
    }
  };

  it('a read-write transaction holds the lock from its first statement, a read-only one never', async () => {
    await database.db
      .transaction()
      .setAccessMode('read write')
      .execute(async (tx) => {
        await sql`select 1`.execute(tx);
        expect(otherCanWrite()).toBe(false);
      });
    await database.db.transaction().execute(async (tx) => {
      await sql`select count(*) from ledger_head`.execute(tx);
      expect(otherCanWrite()).toBe(true);
    });
    expect(otherCanWrite()).toBe(true);
  });

  it('so a write after another process committed waits for the lock instead of failing at once', async () => {
    await database.db
      .transaction()
      .setAccessMode('read write')
      .execute(async (tx) => {
        await sql`select seq from ledger_head`.execute(tx);
        await sql`update ledger_head set hash = hash where id = 1`.execute(tx);
      });
    // The deferred way, for contrast: read, let the other process commit, then write.
    await expect(
      database.db.transaction().execute(async (tx) => {
        await sql`select seq from ledger_head`.execute(tx);
        other.exec('create table if not exists touched (id integer)');
        await sql`update ledger_head set hash = hash where id = 1`.execute(tx);
      }),
    ).rejects.toThrow(/database is locked/);
  });
});
