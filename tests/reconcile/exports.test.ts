import { describe, expect, it } from 'vitest';
import { copy, entry, event, HOUR, kinds, MINUTE, only, run, T0 } from './builders.js';

const exported = (id: number, at: number, overrides = {}) =>
  event(id, at, { action: 'export', ...overrides });

describe('reconcile unlogged_export (R2)', () => {
  it('accepts a copy made 23 h after the export, not 25 h', () => {
    const events = [exported(1, T0)];
    expect(run({ events, copies: [copy('c1', T0 + 23 * HOUR)] }).findings).toEqual([]);
    expect(run({ events, copies: [copy('c1', T0 - 23 * HOUR)] }).findings).toEqual([]);
    const result = run({ events, copies: [copy('c1', T0 + 25 * HOUR)] });
    expect(result.findings).toEqual([
      {
        kind: 'unlogged_export',
        siteId: 'lahti',
        vmsUser: '[BASIC]\\hkorhonen',
        userId: 'u-heikki',
        from: T0,
        to: T0,
        eventIds: ['1'],
        entryIds: [],
        copyIds: [],
        detail: {},
      },
    ]);
  });

  it('measures the tolerance from the whole export session', () => {
    const events = [exported(1, T0), exported(2, T0 + 9 * MINUTE), exported(3, T0 + 18 * MINUTE)];
    expect(run({ events, copies: [copy('c1', T0 + 24 * HOUR + 10 * MINUTE)] }).findings).toEqual([]);
    expect(kinds(run({ events, copies: [copy('c1', T0 + 24 * HOUR + 20 * MINUTE)] }))).toEqual([
      'unlogged_export',
    ]);
  });

  it('accepts a copy by the same user or for a request of that site', () => {
    const events = [exported(1, T0)];
    const byOther = copy('c1', T0 + HOUR, { madeBy: 'u-maija' });
    expect(run({ events, copies: [byOther] }).findings).toEqual([]);
    const forOtherSiteBySameUser = copy('c1', T0 + HOUR, { requestSiteId: 'heinola' });
    expect(run({ events, copies: [forOtherSiteBySameUser] }).findings).toEqual([]);
    const neither = copy('c1', T0 + HOUR, { madeBy: 'u-maija', requestSiteId: 'heinola' });
    expect(kinds(run({ events, copies: [neither] }))).toEqual(['unlogged_export']);
  });

  it('needs a copy of the same site', () => {
    const events = [exported(1, T0)];
    const elsewhere = copy('c1', T0 + HOUR, { siteId: 'heinola' });
    expect(kinds(run({ events, copies: [elsewhere] }))).toEqual(['unlogged_export']);
  });

  it('is about the export session, not each row', () => {
    const events = [exported(1, T0), exported(2, T0 + MINUTE)];
    expect(only(run({ events }), 'unlogged_export')).toMatchObject([{ eventIds: ['1', '2'] }]);
  });

  it('does not ask an export for a ledger entry, but counts it as evidence for one', () => {
    const events = [exported(1, T0)];
    const copies = [copy('c1', T0 + HOUR)];
    expect(run({ events, copies }).findings).toEqual([]);
    expect(run({ events, copies, entries: [entry('e1', T0 + 10 * MINUTE)] }).findings).toEqual([]);
    expect(kinds(run({ copies, entries: [entry('e1', T0 + 10 * MINUTE)] }))).toEqual([
      'entry_without_evidence',
    ]);
  });

  it('flags an export by an unknown user as such, with a copy made for the site accepted', () => {
    const events = [exported(1, T0, { vmsUser: 'stranger' })];
    expect(kinds(run({ events }))).toEqual(['unknown_vms_user', 'unlogged_export']);
    expect(only(run({ events }), 'unknown_vms_user')).toMatchObject([{ detail: { action: 'export' } }]);
    expect(kinds(run({ events, copies: [copy('c1', T0 + HOUR, { madeBy: 'u-maija' })] }))).toEqual([
      'unknown_vms_user',
    ]);
  });

  it('flags an export by a user without a right', () => {
    const events = [exported(1, T0, { cameraName: 'Heinola Ovi' })];
    const copies = [copy('c1', T0 + HOUR, { siteId: 'heinola', requestSiteId: 'heinola' })];
    expect(kinds(run({ events, copies }))).toEqual(['viewer_without_right']);
  });
});
