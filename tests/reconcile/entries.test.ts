import { describe, expect, it } from 'vitest';
import { DAY, entry, event, HOUR, kinds, MINUTE, run, T0 } from './builders.js';

describe('reconcile late_entry (R5)', () => {
  it('flags an entry marked late, with the entry and its viewing period', () => {
    const result = run({
      entries: [entry('e1', T0, { late: true, viewedUntil: T0 + 20 * MINUTE })],
      events: [event(1, T0)],
    });
    expect(result.findings).toEqual([
      {
        kind: 'late_entry',
        siteId: 'lahti',
        userId: 'u-heikki',
        from: T0,
        to: T0 + 20 * MINUTE,
        eventIds: [],
        entryIds: ['e1'],
        copyIds: [],
        detail: {},
      },
    ]);
  });

  it('does not flag an entry on time', () => {
    expect(run({ entries: [entry('e1', T0)], events: [event(1, T0)] }).findings).toEqual([]);
  });

  it('does not report entries outside the window', () => {
    const entries = [entry('e1', T0 + DAY, { late: true }), entry('e0', T0 - DAY - 1, { late: true })];
    expect(run({ entries }).findings).toEqual([]);
    expect(kinds(run({ entries: [entry('e1', T0 + DAY - 1, { late: true })] }))).toContain('late_entry');
  });
});

describe('reconcile entry_without_evidence', () => {
  it('flags an entry covering no session at a site with VMS data', () => {
    const result = run({ entries: [entry('e1', T0)] });
    expect(result.findings).toMatchObject([
      { kind: 'entry_without_evidence', entryIds: ['e1'], siteId: 'lahti' },
    ]);
  });

  it('stays quiet for a site with no import overlapping the window', () => {
    const entries = [entry('e1', T0, { siteId: 'heinola' })];
    expect(run({ entries }).findings).toEqual([]);
    expect(run({ entries: [entry('e1', T0)], imports: [] }).findings).toEqual([]);
  });

  it('counts an import overlapping the window at either edge, and not one beside it', () => {
    const entries = [entry('e1', T0)];
    const span = (from: number, to: number) => [{ id: 'i', siteId: 'lahti', from, to }];
    expect(kinds(run({ entries, imports: span(T0 - 3 * DAY, T0 - DAY) }))).toEqual([
      'entry_without_evidence',
    ]);
    expect(kinds(run({ entries, imports: span(T0 + DAY - 1, T0 + 3 * DAY) }))).toEqual([
      'entry_without_evidence',
    ]);
    expect(run({ entries, imports: span(T0 - 3 * DAY, T0 - DAY - 1) }).findings).toEqual([]);
    expect(run({ entries, imports: span(T0 + DAY, T0 + 3 * DAY) }).findings).toEqual([]);
  });

  it('counts a site whose cameras appear in another site’s import as having VMS data', () => {
    const result = run({
      imports: [],
      entries: [entry('e1', T0, { siteId: 'heinola', cameraIds: ['cam-heinola'] })],
      events: [event(1, T0 + 5 * HOUR, { cameraName: 'Heinola Ovi', vmsUser: 'stranger' })],
    });
    expect(kinds(result)).toEqual(['entry_without_evidence', 'unknown_vms_user']);
  });

  it('is satisfied by a session of a user without a right (it is still the evidence)', () => {
    const result = run({ rights: [], entries: [entry('e1', T0)], events: [event(1, T0)] });
    expect(kinds(result)).toEqual(['viewer_without_right']);
  });

  it('is raised alongside late_entry', () => {
    expect(kinds(run({ entries: [entry('e1', T0, { late: true })] }))).toEqual([
      'entry_without_evidence',
      'late_entry',
    ]);
  });
});
