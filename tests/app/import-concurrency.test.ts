import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { bigSheetXlsx, longSharedStringXlsx } from '../helpers/hostile-xlsx.js';
import { multipartBody } from '../helpers/multipart.js';
import { entryBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';

/** The hostile uploads: built once, they take a second or two. */
let ledgerSheet60MiB: Buffer;
let vmsSharedString1200MiB: Buffer;
beforeAll(async () => {
  ledgerSheet60MiB = await bigSheetXlsx(60);
  vmsSharedString1200MiB = await longSharedStringXlsx(1200);
});

describeEachDialect('imports running at once', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  beforeAll(async () => {
    t = await startTestApp(dialect, { IMPORTS_MAX_CONCURRENT: '2' });
    f = await siteWithStaff(t);
  });
  afterAll(() => t.close());

  const upload = (url: string, fields: Record<string, string>, content: Buffer) => {
    const { payload, headers } = multipartBody(fields, { name: 'hostile.xlsx', content });
    return t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { ...headers, authorization: `Bearer ${f.responsible.token}` },
    });
  };

  /** An import whose upload has begun and waits for the rest: it holds a slot until `finish`. */
  function heldUpload() {
    const { payload, headers } = multipartBody(
      { siteId: f.siteId, profile: 'generic' },
      { name: 'late.csv', content: 'time,user,action\n' },
    );
    const body = new PassThrough();
    body.write(payload.subarray(0, 100));
    const answer = t.app.inject({
      method: 'POST',
      url: '/api/v1/vms-imports',
      payload: body,
      headers: { ...headers, authorization: `Bearer ${f.responsible.token}` },
    });
    return { answer, finish: () => body.end(payload.subarray(100)) };
  }

  it('refuses an import past IMPORTS_MAX_CONCURRENT with 503, Retry-After and a problem body', async () => {
    const held = [heldUpload(), heldUpload()];
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const url of ['/api/v1/vms-imports', '/api/v1/ledger-imports']) {
      const busy = await upload(url, { siteId: f.siteId, profile: 'generic' }, Buffer.from('x'));
      expect(busy.statusCode, busy.body).toBe(503);
      expect(busy.headers['retry-after']).toBe('5');
      expect(busy.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(busy.json()).toMatchObject({
        status: 503,
        code: 'imports_busy',
        detail: '2 imports are already running (IMPORTS_MAX_CONCURRENT); try again in 5 seconds',
      });
    }
    for (const h of held) h.finish();
    for (const h of held) expect((await h.answer).statusCode).toBe(201);
    // Slots are given back as soon as an import has answered, however it ended.
    for (const url of ['/api/v1/ledger-imports', '/api/v1/ledger-imports', '/api/v1/vms-imports']) {
      const next = await upload(url, { siteId: f.siteId, profile: 'generic' }, Buffer.from('x'));
      expect(next.statusCode, next.body).toBe(400);
    }
  });

  // Timing on a machine shared with other work: a stray scheduler stall may take a try, but
  // reading the files as before misses by seconds on every try.
  const timing = { timeout: 60_000, retry: 2 };

  it(
    'answers /health and ledger writes within 100 ms while four hostile uploads run, in bounded memory',
    timing,
    async () => {
      // Warm the two paths first, so a sample measures the uploads' effect, not the first call's.
      for (let i = 0; i < 3; i++) {
        await t.app.inject({ method: 'GET', url: '/health' });
        await call(t, f.viewer.token, 'POST', '/api/v1/viewings', entryBody(f));
      }
      const peakBefore = process.resourceUsage().maxRSS;
      let running = true;
      const uploads = Promise.all([
        upload('/api/v1/ledger-imports', { siteId: f.siteId }, ledgerSheet60MiB),
        upload('/api/v1/vms-imports', { siteId: f.siteId, profile: 'generic' }, vmsSharedString1200MiB),
        upload('/api/v1/ledger-imports', { siteId: f.siteId }, ledgerSheet60MiB),
        upload('/api/v1/vms-imports', { siteId: f.siteId, profile: 'generic' }, vmsSharedString1200MiB),
      ]).finally(() => {
        running = false;
      });
      const health: number[] = [];
      const writes: number[] = [];
      const timed = async (samples: number[], request: () => Promise<{ statusCode: number }>, ok: number) => {
        const started = process.hrtime.bigint();
        const res = await request();
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
        expect(res.statusCode).toBe(ok);
      };
      while (running || health.length < 20) {
        await timed(health, () => t.app.inject({ method: 'GET', url: '/health' }), 200);
        await timed(writes, () => call(t, f.viewer.token, 'POST', '/api/v1/viewings', entryBody(f)), 201);
      }
      const answers = await uploads;
      for (const a of answers) {
        expect([413, 503], a.body).toContain(a.statusCode);
        expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(answers.filter((a) => a.statusCode === 413).length).toBeGreaterThanOrEqual(2);
      expect(Math.max(...health), `health ms: ${health.map(Math.round)}`).toBeLessThan(100);
      expect(Math.max(...writes), `viewing POST ms: ${writes.map(Math.round)}`).toBeLessThan(100);
      // Reading either file as before took more than a GB.
      expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(64);
    },
  );
});
