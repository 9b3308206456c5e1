import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { connect, type Database, type Dialect, migrateToLatest } from '../../src/db/index.js';

/**
 * Which dialects the database and app tests run on. SQLite always, PostgreSQL when
 * CCTV_LEDGER_TEST_PG_URL is set (and then an unreachable server fails the suite rather
 * than skipping it). CCTV_LEDGER_TEST_DIALECTS=postgres narrows a run to one dialect.
 */
export function testDialects(): Dialect[] {
  const wanted = process.env.CCTV_LEDGER_TEST_DIALECTS?.split(',').map((s) => s.trim());
  const available: Dialect[] = process.env.CCTV_LEDGER_TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  return wanted ? available.filter((d) => wanted.includes(d)) : available;
}

/** `describe` once per dialect under test. */
export function describeEachDialect(name: string, body: (dialect: Dialect) => void) {
  for (const dialect of testDialects()) describe(`${name} [${dialect}]`, () => body(dialect));
}

export interface TestDatabase {
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: a temp SQLite file, or a new PostgreSQL database. */
export async function freshDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-ledger-test-'));
  if (dialect === 'sqlite') {
    return {
      url: `sqlite:${path.join(dataDir, 'test.db')}`,
      dataDir,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const adminUrl = process.env.CCTV_LEDGER_TEST_PG_URL;
  if (!adminUrl) throw new Error('CCTV_LEDGER_TEST_PG_URL is not set');
  const name = `cctv_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type MigratedDatabase = Database & { drop(): Promise<void> };

/** A fresh database of the dialect, migrated to the latest schema and connected. */
export async function migratedDatabase(dialect: Dialect): Promise<MigratedDatabase> {
  const td = await freshDatabase(dialect);
  const database = connect(td.url);
  await migrateToLatest(database.db, database.dialect);
  return {
    ...database,
    drop: async () => {
      await database.close();
      await td.drop();
    },
  };
}
