import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPeriodicPass } from '../../src/periodic-pass.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createPeriodicPass', () => {
  it('runs a pass at start and then every interval, start to start', async () => {
    const starts: number[] = [];
    const s = createPeriodicPass({
      intervalMs: 100,
      run: async () => {
        starts.push(performance.now());
        await sleep(80);
      },
    });
    s.start();
    await sleep(350);
    await s.stop();
    expect(starts.length).toBeGreaterThanOrEqual(3);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(95);
    // Spaced start to start (100 ms), not pass + interval (180 ms).
    expect(Math.min(...gaps)).toBeLessThan(160);
  });

  it('runs one pass at a time: runNow joins the running pass', async () => {
    let runs = 0;
    const s = createPeriodicPass({
      intervalMs: 0,
      run: async () => {
        runs += 1;
        await sleep(30);
        return runs;
      },
    });
    const [a, b] = await Promise.all([s.runNow<number>(), s.runNow<number>()]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    expect(await s.runNow<number>()).toBe(2);
  });

  it('stop aborts the running pass and waits for it; no pass starts after', async () => {
    let aborted = false;
    let runs = 0;
    const s = createPeriodicPass({
      intervalMs: 10,
      run: async (signal) => {
        runs += 1;
        while (!signal.aborted) await sleep(5);
        aborted = true;
      },
    });
    s.start();
    await sleep(30);
    await s.stop();
    expect(aborted).toBe(true);
    await sleep(40);
    expect(runs).toBe(1);
  });

  it('keeps going after a failed pass, reporting it', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const s = createPeriodicPass({
      intervalMs: 20,
      run: async () => {
        runs += 1;
        if (runs === 1) throw new Error('database away');
      },
      onError: (err) => errors.push(err),
    });
    s.start();
    await sleep(80);
    await s.stop();
    expect(errors).toHaveLength(1);
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});

describeEachDialect('the purge in the service', (dialect) => {
  describe('with PURGE_INTERVAL_SECONDS=300', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { PURGE_INTERVAL_SECONDS: '300' });
    });
    afterAll(() => t.close());

    it('runs a pass when the app is ready', async () => {
      const deadline = Date.now() + 5000;
      let state = await t.app.database.db.selectFrom('retention_state').selectAll().executeTakeFirstOrThrow();
      while (state.finished_at === null && Date.now() < deadline) {
        await sleep(20);
        state = await t.app.database.db.selectFrom('retention_state').selectAll().executeTakeFirstOrThrow();
      }
      expect(state).toMatchObject({ outcome: 'completed', deleted: 0 });
    });
  });

  describe('with PURGE_INTERVAL_SECONDS=0', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { PURGE_INTERVAL_SECONDS: '0' });
    });
    afterAll(() => t.close());

    it('runs no pass by itself', async () => {
      await sleep(100);
      const state = await t.app.database.db
        .selectFrom('retention_state')
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(state.finished_at).toBeNull();
    });
  });
});
