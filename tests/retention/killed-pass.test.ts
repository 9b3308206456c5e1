import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/index.js';
import { verifyLedger } from '../../src/protocol/index.js';
import { retentionSettingsOf, runPurgePass } from '../../src/retention/index.js';
import { runCli } from '../helpers/cli.js';
import { describeEachDialect, freshDatabase, type TestDatabase } from '../helpers/database.js';
import { counts, heldKeys, hour, seededDatabase, seedItems, tombstoneTotals } from './helpers.js';

/**
 * R1: a purge pass killed mid-way (SIGKILL of the process, no chance to clean up) leaves a
 * consistent database — every deleted row has its tombstone and chain event, nothing else
 * was deleted — and the next pass finishes the job.
 */
describeEachDialect('a purge pass killed mid-way', (dialect) => {
  let database: TestDatabase;
  let conn: Database;
  const total = 12_000;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    const seeded = await seededDatabase(database, 4);
    conn = seeded.conn;
    const now = Date.now();
    await seedItems(conn, {
      kind: 'card_read',
      cameraIds: seeded.cameraIds,
      count: total,
      expiresFrom: new Date(now - 200 * hour),
      expiresTo: new Date(now - 60_000),
    });
    await seedItems(conn, {
      kind: 'segment',
      cameraIds: seeded.cameraIds,
      count: 200,
      expiresFrom: new Date(now + hour),
      expiresTo: new Date(now + 2 * hour),
    });
  });
  afterAll(async () => {
    await conn.close();
    await database.drop();
  });

  it('leaves every deletion with its tombstone, and the next pass finishes', async () => {
    const liveBefore = (await heldKeys(conn)).filter((k) => k.startsWith('recording_segments/'));
    const env = { DATA_DIR: database.dataDir, DATABASE_URL: database.url, PURGE_BATCH_SIZE: '40' };
    const run = runCli(['retention', 'run'], env);
    // Kill it once a few batches have committed.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const n = await conn.db
        .selectFrom('retention_tombstones')
        .select(conn.db.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      if (n.n >= 5) break;
      if (Date.now() > deadline || run.child.exitCode !== null)
        throw new Error(`the pass did not get going: ${(await run.done).stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');

    const now = new Date();
    const mid = await counts(conn, now);
    const purged = (await tombstoneTotals(conn)).card_read ?? 0;
    expect(purged).toBeGreaterThan(0);
    expect(mid.expired).toBeGreaterThan(0); // it really was killed mid-way
    expect(purged + mid.expired).toBe(total); // every deleted row has its tombstone, no more
    expect(await verifyLedger(conn.db)).toMatchObject({ ok: true });
    expect((await heldKeys(conn)).filter((k) => k.startsWith('recording_segments/'))).toEqual(liveBefore);

    const settings = retentionSettingsOf(
      loadConfig({ DATA_DIR: database.dataDir, PURGE_BATCH_SIZE: '1000' }),
    );
    const next = await runPurgePass(conn, settings, { clock: () => new Date() });
    expect(next).toMatchObject({ outcome: 'completed', total: mid.expired });
    expect((await tombstoneTotals(conn)).card_read).toBe(total);
    expect(await counts(conn, new Date())).toEqual({ all: 200, expired: 0 });
    expect(await verifyLedger(conn.db)).toMatchObject({ ok: true });
  }, 60_000);
});
