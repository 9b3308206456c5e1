import { afterAll, beforeAll, expect, it } from 'vitest';
import { minReasonLength } from '../../src/protocol/index.js';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';

/** Every reason the ledger keeps needs as many characters as the viewing justification (R7.3). */
describeEachDialect('reason fields', (dialect) => {
  let t: TestApp;
  let responsible: { token: string };
  beforeAll(async () => {
    t = await startTestApp(dialect);
    responsible = await t.user(['responsible'], [await t.site()]);
  });
  afterAll(() => t.close());

  const short = 'x'.repeat(minReasonLength - 1);
  const enough = 'x'.repeat(minReasonLength);

  it.each([
    ['an amendment', '/api/v1/viewings/unknown/amendments', 'reason', { changes: { description: 'Door' } }],
    ['a revocation', '/api/v1/viewing-rights/unknown/revocation', 'reason', {}],
    ['a decision', '/api/v1/requests/unknown/decision', 'reason', { decision: 'rejected' }],
    [
      'an R8 override',
      '/api/v1/requests/unknown/decision',
      'overrideReason',
      { decision: 'accepted', reason: 'Data subject asked for it' },
    ],
    ['an early closure', '/api/v1/requests/unknown/closure', 'reason', {}],
    [
      'an undelivered copy’s destruction',
      '/api/v1/copies/unknown/destruction',
      'reason',
      { destroyedAt: new Date().toISOString(), method: 'shredded' },
    ],
    ['a finding’s resolution', '/api/v1/findings/unknown/resolution', 'note', {}],
  ])(`%s needs ${minReasonLength} characters`, async (_what, url, field, body) => {
    const refused = await call(t, responsible.token, 'POST', url, { ...body, [field]: `  ${short}  ` });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().errors).toEqual([
      { field, message: `give the reason in at least ${minReasonLength} characters` },
    ]);
    const taken = await call(t, responsible.token, 'POST', url, { ...body, [field]: enough });
    expect(taken.statusCode, taken.body).toBe(404); // past validation: the id is unknown
  });
});
