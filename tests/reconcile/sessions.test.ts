import { describe, expect, it } from 'vitest';
import { DAY, entry, event, HOUR, kinds, MINUTE, only, run, SECOND, T0 } from './builders.js';

describe('reconcile sessions', () => {
  it('joins events exactly sessionGap (10 min) apart into one session', () => {
    const result = run({ events: [event(1, T0), event(2, T0 + 10 * MINUTE)] });
    expect(only(result, 'unlogged_viewing')).toMatchObject([
      { from: T0, to: T0 + 10 * MINUTE, eventIds: ['1', '2'], userId: 'u-heikki' },
    ]);
    expect(result.counts.playbackSessions).toBe(1);
  });

  it('splits events more than sessionGap apart', () => {
    const result = run({ events: [event(1, T0), event(2, T0 + 10 * MINUTE + SECOND)] });
    expect(only(result, 'unlogged_viewing').map((f) => f.eventIds)).toEqual([['1'], ['2']]);
    expect(result.counts.playbackSessions).toBe(2);
  });

  it('chains events each within the gap of the previous, however long the session', () => {
    const events = Array.from({ length: 12 }, (_, i) => event(10 + i, T0 + i * 9 * MINUTE));
    const result = run({ events });
    expect(only(result, 'unlogged_viewing')).toHaveLength(1);
    expect(only(result, 'unlogged_viewing')[0]?.to).toBe(T0 + 99 * MINUTE);
  });

  it('honours a sessionGap override', () => {
    const events = [event(1, T0), event(2, T0 + 20 * MINUTE)];
    const settings = {
      sessionGapMinutes: 20,
      matchToleranceMinutes: 30,
      estimateToleranceMinutes: 120,
      exactToleranceMinutes: 5,
      copyToleranceHours: 24,
      copyDestroyDays: 7,
      retentionHours: 336,
    };
    expect(only(run({ events, settings }), 'unlogged_viewing')).toHaveLength(1);
    expect(only(run({ events }), 'unlogged_viewing')).toHaveLength(2);
  });

  it('keeps sessions of different users, sites and actions apart', () => {
    const result = run({
      events: [
        event(1, T0),
        event(2, T0 + MINUTE, { vmsUser: 'mvirtanen' }),
        event(3, T0 + 2 * MINUTE, { cameraName: 'Heinola Ovi' }),
        event(4, T0 + 3 * MINUTE, { action: 'export' }),
      ],
    });
    expect(result.counts).toMatchObject({ playbackSessions: 3, exportSessions: 1 });
    expect(only(result, 'unlogged_viewing').map((f) => f.eventIds)).toEqual([['1'], ['2']]);
    expect(only(result, 'viewer_without_right').map((f) => f.eventIds)).toEqual([['3']]);
    expect(only(result, 'unlogged_export').map((f) => f.eventIds)).toEqual([['4']]);
  });

  it('orders events at the same time by id as text, as it did when ids were strings', () => {
    const result = run({ events: [event(9, T0), event(10, T0), event(8, T0 + MINUTE)] });
    expect(only(result, 'unlogged_viewing').map((f) => f.eventIds)).toEqual([['10', '9', '8']]);
  });

  it('treats spellings of one VMS user as one session', () => {
    const result = run({ events: [event(1, T0, { vmsUser: 'HKORHONEN' }), event(2, T0 + MINUTE)] });
    expect(only(result, 'unlogged_viewing')).toMatchObject([{ vmsUser: 'HKORHONEN', eventIds: ['1', '2'] }]);
  });

  it('raises nothing for live views, even by an unknown user with old footage', () => {
    const live = {
      action: 'live' as const,
      vmsUser: 'stranger',
      footageFrom: T0 - 30 * DAY,
      footageTo: T0 - 29 * DAY,
    };
    const result = run({ events: [event(1, T0, live), event(2, T0 + MINUTE, live)] });
    expect(result.findings).toEqual([]);
    expect(result.unmappedVmsUsers).toEqual(['stranger']);
    // The same rows as playback are findings: the test can fail.
    const playback = run({ events: [event(1, T0, { ...live, action: 'playback' })] });
    expect(kinds(playback)).toEqual(['unknown_vms_user', 'footage_past_retention']);
  });

  it('raises no session finding for "other" events', () => {
    expect(run({ events: [event(1, T0, { action: 'other', vmsUser: 'stranger' })] }).findings).toEqual([]);
  });

  it('reports only sessions with an event in the window, but lets others be evidence', () => {
    const before = T0 - DAY - 5 * MINUTE;
    const result = run({
      events: [event(0, before, { vmsUser: 'stranger' }), event(1, before)],
      entries: [entry('e1', T0 - DAY + 10 * MINUTE)],
    });
    expect(result.findings).toEqual([]);
    const without = run({ entries: [entry('e1', T0 - DAY + 10 * MINUTE)] });
    expect(kinds(without)).toEqual(['entry_without_evidence']);
  });

  it('reports a session crossing the window start with all its events', () => {
    const result = run({ events: [event(0, T0 - DAY - 5 * MINUTE), event(1, T0 - DAY + 4 * MINUTE)] });
    expect(only(result, 'unlogged_viewing')).toMatchObject([{ eventIds: ['0', '1'] }]);
    const outside = run({ events: [event(0, T0 + DAY), event(1, T0 + DAY + HOUR)] });
    expect(outside.findings).toEqual([]);
  });
});
