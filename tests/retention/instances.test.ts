import SQLite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/index.js';
import { verifyLedger } from '../../src/protocol/index.js';
import type { PassResult } from '../../src/retention/index.js';
import { runCli } from '../helpers/cli.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';
import { counts, heldKeys, hour, seededDatabase, seedItems, tombstoneTotals } from './helpers.js';

const expired = { segment: 4000, card_read: 3000, plate_read: 3000 };
const expiredTotal = expired.segment + expired.card_read + expired.plate_read;

/**
 * R1 with several service instances on one database: each row is deleted once, the
 * tombstones add up to what was deleted, nothing unexpired is touched, the chain verifies.
 * PostgreSQL: three app instances in this process, each with its own connection pool,
 * purge at once; the advisory lock lets one purge and the others skip (not wait, not
 * delete twice). SQLite: one writer per file, so three processes (`cctv-ledger retention
 * run`, as cron would start them) purge at once, serialised by SQLite's lock.
 */
describeEachDialect('three instances purging one database at once', (dialect) => {
  let database: TestDatabase;
  let conn: Database;
  let live: string[];
  const now = new Date();

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    const seeded = await seededDatabase(database);
    conn = seeded.conn;
    const cameraIds = seeded.cameraIds;
    const past = {
      expiresFrom: new Date(now.getTime() - 300 * hour),
      expiresTo: new Date(now.getTime() - 60_000),
    };
    await seedItems(conn, { kind: 'segment', cameraIds, count: expired.segment, ...past });
    await seedItems(conn, { kind: 'card_read', cameraIds, count: expired.card_read, ...past });
    await seedItems(conn, { kind: 'plate_read', cameraIds, count: expired.plate_read, ...past });
    const future = {
      expiresFrom: new Date(now.getTime() + hour),
      expiresTo: new Date(now.getTime() + 300 * hour),
    };
    await seedItems(conn, { kind: 'segment', cameraIds, count: 500, ...future });
    await seedItems(conn, { kind: 'card_read', cameraIds, count: 500, ...future });
    live = (await heldKeys(conn)).filter((k) => k.split('/')[3]! > now.toISOString());
    expect(live).toHaveLength(1000);
  });
  afterAll(async () => {
    await conn.close();
    await database.drop();
  });

  async function expectEachRowDeletedOnce(results: PassResult[]) {
    expect(results.reduce((n, r) => n + r.total, 0)).toBe(expiredTotal);
    const sums = await tombstoneTotals(conn);
    expect(sums).toEqual(expired);
    expect(await heldKeys(conn)).toEqual(live);
    expect((await counts(conn, new Date())).expired).toBe(0);
    expect(await verifyLedger(conn.db)).toMatchObject({ ok: true });
    // One chain event per tombstone, and nothing else on the chain.
    const events = await conn.db.selectFrom('ledger_events').select('type').execute();
    const tombstones = await conn.db.selectFrom('retention_tombstones').select('id').execute();
    expect(events.length).toBe(tombstones.length);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['retention.purged']));
  }

  if (dialect === 'postgres') {
    it('three app instances: one purges at a time, the others skip; each row deleted once', async () => {
      const apps: FastifyInstance[] = [];
      try {
        for (let i = 0; i < 3; i++) {
          const config = loadConfig({
            DATA_DIR: database.dataDir,
            DATABASE_URL: database.url,
            PURGE_INTERVAL_SECONDS: '0',
            PURGE_BATCH_SIZE: '200',
            LOG_LEVEL: 'silent',
          });
          apps.push(await buildApp(config, { logger: false }));
        }
        await Promise.all(apps.map((a) => a.ready()));
        const first = await Promise.all(apps.map((a) => a.retention.runPass()));
        // Whoever loses the try-lock stops at once; passes until one completes finish the job.
        const results = [...first];
        while (!results.some((r) => r.outcome === 'completed'))
          results.push(await apps[0]!.retention.runPass());
        expect(first.filter((r) => r.outcome === 'skipped').length).toBeGreaterThanOrEqual(1);
        expect(results.every((r) => r.outcome === 'completed' || r.outcome === 'skipped')).toBe(true);
        await expectEachRowDeletedOnce(results);
      } finally {
        await Promise.all(apps.map((a) => a.close()));
      }
    });
  } else {
    it('three processes: SQLite serialises them; each row deleted once', async () => {
      const env = { DATA_DIR: database.dataDir, DATABASE_URL: database.url, PURGE_BATCH_SIZE: '200' };
      // Hold the write lock while the three start, so that they all wait on it (busy_timeout
      // 5 s) and then purge at the same moment rather than one after the other.
      const gate = new SQLite(database.url.slice('sqlite:'.length));
      gate.exec('BEGIN IMMEDIATE');
      const runs = [0, 1, 2].map(() => runCli(['retention', 'run'], env));
      await new Promise((r) => setTimeout(r, 2500));
      gate.exec('ROLLBACK');
      gate.close();
      const ends = await Promise.all(runs.map((r) => r.done));
      for (const e of ends) expect(e.code, e.stderr).toBe(0);
      const results = ends.map((e) => JSON.parse(e.stdout) as PassResult);
      expect(results.map((r) => r.outcome)).toEqual(['completed', 'completed', 'completed']);
      await expectEachRowDeletedOnce(results);
    }, 60_000);
  }
});
