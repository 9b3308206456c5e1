import { describe, expect, it } from 'vitest';
import { DAY, entry, event, HOUR, kinds, run, SECOND, T0 } from './builders.js';

const logged = [entry('e1', T0, { footageFrom: T0 - 20 * DAY, footageTo: T0 })];

describe('reconcile footage_past_retention (R1)', () => {
  it('flags an event whose footage starts more than 336 h before it', () => {
    const result = run({
      events: [event(1, T0, { footageFrom: T0 - 336 * HOUR - SECOND, footageTo: T0 - 300 * HOUR })],
      entries: logged,
    });
    expect(result.findings).toEqual([
      {
        kind: 'footage_past_retention',
        siteId: 'lahti',
        vmsUser: '[BASIC]\\hkorhonen',
        userId: 'u-heikki',
        from: T0,
        to: T0,
        eventIds: ['1'],
        entryIds: [],
        copyIds: [],
        detail: { action: 'playback', footageFrom: T0 - 336 * HOUR - SECOND, footageTo: T0 - 300 * HOUR },
      },
    ]);
  });

  it('accepts footage exactly 336 h old, and events without footage', () => {
    const events = [
      event(1, T0, { footageFrom: T0 - 336 * HOUR, footageTo: T0 - 300 * HOUR }),
      event(2, T0 + SECOND),
    ];
    expect(run({ events, entries: logged }).findings).toEqual([]);
  });

  it('applies to exports and other events, not to live views', () => {
    const old = { footageFrom: T0 - 15 * DAY, footageTo: null };
    expect(kinds(run({ events: [event(1, T0, { ...old, action: 'other' })] }))).toEqual([
      'footage_past_retention',
    ]);
    expect(kinds(run({ events: [event(1, T0, { ...old, action: 'live' })] }))).toEqual([]);
    expect(kinds(run({ events: [event(1, T0, { ...old, action: 'export' })] }))).toContain(
      'footage_past_retention',
    );
  });

  it('honours a retentionHours override', () => {
    const events = [event(1, T0, { footageFrom: T0 - 15 * DAY, footageTo: T0 - 14 * DAY })];
    const settings = { ...run().settings, retentionHours: 24 * 16 };
    expect(run({ events, entries: logged, settings }).findings).toEqual([]);
  });
});
