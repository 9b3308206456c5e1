import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOutOfSpace } from '../../src/http/problem.js';
import { call, startTestApp, type TestApp } from '../helpers/app.js';

describe('isOutOfSpace', () => {
  it('knows ENOSPC, and PostgreSQL’s disk_full by its SQLSTATE', () => {
    let enospc: unknown;
    try {
      fs.writeFileSync('/dev/full', 'x');
    } catch (err) {
      enospc = err;
    }
    expect(isOutOfSpace(enospc)).toBe(true);
    expect(isOutOfSpace(Object.assign(new Error('could not extend file'), { code: '53100' }))).toBe(true);
    expect(isOutOfSpace(Object.assign(new Error('out of memory'), { code: '53200' }))).toBe(false);
    expect(isOutOfSpace(new Error('database or disk is full'))).toBe(false);
  });
});

/** A database that cannot grow: SQLite's max_page_count, lowered on the app's own connection. */
describe('a full disk', () => {
  let t: TestApp;
  let auditor: { token: string };
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    auditor = await t.user(['auditor']);
    const { rows } = await sql<{ page_count: number }>`PRAGMA page_count`.execute(t.app.database.db);
    await sql.raw(`PRAGMA max_page_count = ${rows[0]!.page_count}`).execute(t.app.database.db);
  });
  afterAll(() => t.close());

  it('answers a write that finds no room 503 service_unavailable with Retry-After, not 500', async () => {
    let res = await call(t, t.adminToken, 'POST', '/api/v1/sites', { name: 'Full 0', municipality: 'Lahti' });
    for (let i = 1; res.statusCode === 201 && i < 500; i++) {
      res = await call(t, t.adminToken, 'POST', '/api/v1/sites', {
        name: `Full ${i} ${'x'.repeat(150)}`,
        municipality: 'Lahti',
      });
    }
    expect(res.statusCode, res.body).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers a read whose access-log row finds no room 503 too (R10: not served unlogged)', async () => {
    // The last page of the access log may still hold a row or two, depending on how the
    // pages fell; once a row finds no room, the read is refused.
    let res = await call(t, auditor.token, 'GET', '/api/v1/audit-events');
    for (let i = 0; res.statusCode === 200 && i < 50; i++) {
      res = await call(t, auditor.token, 'GET', '/api/v1/audit-events');
    }
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'service_unavailable' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('is not ready while writes fail for lack of space', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json().detail).toContain('disk');
  });
});
