import { describe, expect, it } from 'vitest';
import { entry, event, HOUR, kinds, MINUTE, only, run, SECOND, T0 } from './builders.js';

describe('reconcile coverage', () => {
  it('covers a session with an entry 29 min away, not 31 min', () => {
    const session = [event(1, T0)];
    expect(run({ events: session, entries: [entry('e1', T0 + 29 * MINUTE)] }).findings).toEqual([]);
    expect(run({ events: session, entries: [entry('e1', T0 - 29 * MINUTE)] }).findings).toEqual([]);
    const late = run({ events: session, entries: [entry('e1', T0 + 31 * MINUTE)] });
    expect(kinds(late)).toEqual(['unlogged_viewing', 'entry_without_evidence']);
    const early = run({ events: session, entries: [entry('e1', T0 - 31 * MINUTE)] });
    expect(kinds(early)).toEqual(['entry_without_evidence', 'unlogged_viewing']);
  });

  it('covers at exactly matchTolerance (closed intervals)', () => {
    const events = [event(1, T0), event(2, T0 + 5 * MINUTE)];
    expect(run({ events, entries: [entry('e1', T0 + 35 * MINUTE)] }).findings).toEqual([]);
    expect(kinds(run({ events, entries: [entry('e1', T0 + 35 * MINUTE + SECOND)] }))).toContain(
      'unlogged_viewing',
    );
  });

  it("uses the entry's whole viewing interval [viewedAt, viewedUntil]", () => {
    const session = [event(1, T0 + 2 * HOUR)];
    const long = entry('e1', T0, { viewedUntil: T0 + 90 * MINUTE + MINUTE });
    expect(run({ events: session, entries: [long] }).findings).toEqual([]);
    const short = entry('e1', T0, { viewedUntil: T0 + 80 * MINUTE });
    expect(kinds(run({ events: session, entries: [short] }))).toContain('unlogged_viewing');
  });

  it('is many-to-many: one entry covers two sessions, two entries one session', () => {
    const twoSessions = [event(1, T0), event(2, T0 + 20 * MINUTE)];
    const one = run({ events: twoSessions, entries: [entry('e1', T0 + 10 * MINUTE)] });
    expect(one.findings).toEqual([]);
    expect(one.counts.playbackSessions).toBe(2);

    const twoEntries = run({
      events: [event(1, T0)],
      entries: [entry('e1', T0), entry('e2', T0 + MINUTE)],
    });
    expect(twoEntries.findings).toEqual([]);
  });

  it('needs the same user and site', () => {
    const events = [event(1, T0)];
    const otherUser = run({ events, entries: [entry('e1', T0, { viewerId: 'u-maija' })] });
    expect(kinds(otherUser)).toEqual(['unlogged_viewing', 'entry_without_evidence']);
    const otherSite = run({ events, entries: [entry('e1', T0, { siteId: 'heinola' })] });
    expect(kinds(otherSite)).toEqual(['unlogged_viewing']);
  });

  it('finds a covering entry among many of the same user (sweep, not first match)', () => {
    const entries = [
      entry('e-long', T0 - 10 * HOUR, { viewedUntil: T0 }),
      ...Array.from({ length: 50 }, (_, i) =>
        entry(`e${String(i).padStart(2, '0')}`, T0 - 9 * HOUR + i * MINUTE),
      ),
    ];
    const result = run({ events: [event(1, T0 + 20 * MINUTE)], entries });
    expect(only(result, 'unlogged_viewing')).toEqual([]);
    expect(only(result, 'entry_without_evidence')).toHaveLength(50);
  });
});

describe('reconcile camera_mismatch', () => {
  it('flags a camera of the session that no covering entry names', () => {
    const result = run({
      events: [event(1, T0), event(2, T0 + MINUTE, { cameraName: 'Omatoimi-Itä Aula' })],
      entries: [entry('e1', T0)],
    });
    expect(result.findings).toEqual([
      {
        kind: 'camera_mismatch',
        siteId: 'lahti',
        vmsUser: '[BASIC]\\hkorhonen',
        userId: 'u-heikki',
        from: T0,
        to: T0 + MINUTE,
        eventIds: ['2'],
        entryIds: ['e1'],
        copyIds: [],
        detail: { missingCameraIds: ['cam-hall'] },
      },
    ]);
  });

  it('accepts the camera when any covering entry names it', () => {
    const result = run({
      events: [event(1, T0), event(2, T0 + MINUTE, { cameraName: 'cam-17' })],
      entries: [entry('e1', T0, { cameraIds: ['cam-hall'] }), entry('e2', T0 + 5 * MINUTE)],
    });
    expect(result.findings).toEqual([]);
  });

  it('is not raised for an uncovered session', () => {
    const result = run({ events: [event(1, T0, { cameraName: 'Omatoimi-Itä Aula' })] });
    expect(kinds(result)).toEqual(['unlogged_viewing']);
  });
});

describe('reconcile footage_out_of_range', () => {
  const footage = (from: number, to: number) => ({ footageFrom: from, footageTo: to });
  const logged = (estimated: boolean) =>
    entry('e1', T0, { footageFrom: T0 - 2 * HOUR, footageTo: T0 - HOUR, footageTimeEstimated: estimated });

  it('allows 5 min around an exact footage range, not 6', () => {
    const inside = run({
      events: [event(1, T0, footage(T0 - 2 * HOUR - 4 * MINUTE, T0 - HOUR))],
      entries: [logged(false)],
    });
    expect(inside.findings).toEqual([]);
    const outside = run({
      events: [event(1, T0, footage(T0 - 2 * HOUR - 6 * MINUTE, T0 - HOUR))],
      entries: [logged(false)],
    });
    expect(only(outside, 'footage_out_of_range')).toMatchObject([
      {
        eventIds: ['1'],
        entryIds: ['e1'],
        detail: { footageFrom: T0 - 2 * HOUR - 6 * MINUTE, footageTo: T0 - HOUR },
      },
    ]);
    expect(kinds(outside)).toEqual(['footage_out_of_range']);
  });

  it('allows 2 h around an estimated footage range', () => {
    const shifted = footage(T0 - 3 * HOUR - 50 * MINUTE, T0 - 2 * HOUR);
    expect(run({ events: [event(1, T0, shifted)], entries: [logged(true)] }).findings).toEqual([]);
    expect(kinds(run({ events: [event(1, T0, shifted)], entries: [logged(false)] }))).toEqual([
      'footage_out_of_range',
    ]);
    const tooFar = footage(T0 - 4 * HOUR - MINUTE, T0 - 3 * HOUR);
    expect(kinds(run({ events: [event(1, T0, tooFar)], entries: [logged(true)] }))).toEqual([
      'footage_out_of_range',
    ]);
  });

  it('accepts footage spread over several covering entries (their union)', () => {
    const events = [event(1, T0, footage(T0 - 3 * HOUR, T0 - HOUR))];
    const split = [
      entry('e1', T0, { footageFrom: T0 - 3 * HOUR, footageTo: T0 - 2 * HOUR }),
      entry('e2', T0 + MINUTE, { footageFrom: T0 - 2 * HOUR, footageTo: T0 - HOUR }),
    ];
    expect(run({ events, entries: split }).findings).toEqual([]);
    expect(kinds(run({ events, entries: split.slice(0, 1) }))).toEqual(['footage_out_of_range']);
  });

  it('reports only the events at fault, and ignores events without footage', () => {
    const result = run({
      events: [
        event(1, T0, footage(T0 - 90 * MINUTE, T0 - 80 * MINUTE)),
        event(2, T0 + MINUTE),
        event(3, T0 + 2 * MINUTE, { footageFrom: T0 - 5 * HOUR, footageTo: null }),
      ],
      entries: [logged(false)],
    });
    expect(only(result, 'footage_out_of_range')).toMatchObject([{ eventIds: ['3'] }]);
  });

  it('is not raised for an uncovered session', () => {
    const result = run({ events: [event(1, T0, footage(T0 - 10 * HOUR, T0 - 9 * HOUR))] });
    expect(kinds(result)).toEqual(['unlogged_viewing']);
  });
});
