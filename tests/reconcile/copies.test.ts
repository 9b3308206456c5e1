import { describe, expect, it } from 'vitest';
import { copy, DAY, kinds, run, SECOND, T0 } from './builders.js';

// Window [T0 - 1 d, T0 + 1 d), now T0 + 2 d: copies are judged as of the window's end.
const asOf = T0 + DAY;

describe('reconcile copy_not_destroyed (R2)', () => {
  it('flags a copy delivered more than 7 days before min(to, now) and not destroyed', () => {
    const delivered = copy('c1', T0 - 9 * DAY, { deliveredAt: asOf - 7 * DAY - SECOND });
    expect(run({ copies: [delivered] }).findings).toEqual([
      {
        kind: 'copy_not_destroyed',
        siteId: 'lahti',
        userId: 'u-heikki',
        from: asOf - 7 * DAY - SECOND,
        to: asOf,
        eventIds: [],
        entryIds: [],
        copyIds: ['c1'],
        detail: { requestId: 'req-1', deliveredAt: asOf - 7 * DAY - SECOND, destroyBy: asOf - SECOND, asOf },
      },
    ]);
  });

  it('gives exactly 7 days before flagging', () => {
    expect(run({ copies: [copy('c1', T0 - 9 * DAY, { deliveredAt: asOf - 7 * DAY })] }).findings).toEqual([]);
  });

  it('accepts a copy destroyed by then, even late, and flags one destroyed after', () => {
    const deliveredAt = asOf - 10 * DAY;
    expect(run({ copies: [copy('c1', T0 - 11 * DAY, { deliveredAt, destroyedAt: asOf })] }).findings).toEqual(
      [],
    );
    const after = copy('c1', T0 - 11 * DAY, { deliveredAt, destroyedAt: asOf + SECOND });
    expect(kinds(run({ copies: [after] }))).toEqual(['copy_not_destroyed']);
  });

  it('judges as of now when the window reaches into the future', () => {
    const copies = [copy('c1', T0 - 9 * DAY, { deliveredAt: T0 - 7 * DAY - SECOND })];
    expect(kinds(run({ copies, now: T0 }))).toEqual(['copy_not_destroyed']);
    expect(run({ copies, now: T0 - 2 * SECOND }).findings).toEqual([]);
  });

  it('ignores undelivered copies, copies out of scope, and counts a copy passed twice once', () => {
    const old = T0 - 30 * DAY;
    expect(run({ copies: [copy('c1', old)] }).findings).toEqual([]);
    const heinola = copy('c2', old, { siteId: 'heinola', deliveredAt: old });
    expect(run({ siteIds: ['lahti'], copies: [heinola] }).findings).toEqual([]);
    const twice = copy('c3', old, { deliveredAt: old });
    expect(kinds(run({ copies: [twice, twice] }))).toEqual(['copy_not_destroyed']);
  });
});
