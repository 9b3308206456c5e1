import { describe, expect, it } from 'vitest';
import type { ViewingRight } from '../../src/reconcile/index.js';
import { DAY, entry, event, HOUR, kinds, MINUTE, only, run, T0 } from './builders.js';

const right = (validFrom: number, validUntil: number | null): ViewingRight => ({
  userId: 'u-heikki',
  siteId: 'lahti',
  validFrom,
  validUntil,
});
const logged = [entry('e1', T0 + 5 * MINUTE)];

describe('reconcile viewer_without_right (R3)', () => {
  it('flags a viewing by someone whose right was revoked the day before', () => {
    const result = run({
      rights: [right(T0 - 30 * DAY, T0 - DAY)],
      events: [event(1, T0)],
      entries: logged,
    });
    expect(result.findings).toEqual([
      {
        kind: 'viewer_without_right',
        siteId: 'lahti',
        vmsUser: '[BASIC]\\hkorhonen',
        userId: 'u-heikki',
        from: T0,
        to: T0,
        eventIds: ['1'],
        entryIds: [],
        copyIds: [],
        detail: { action: 'playback', withoutRightAt: T0 },
      },
    ]);
  });

  it('accepts a right revoked the day after', () => {
    const result = run({
      rights: [right(T0 - 30 * DAY, T0 + DAY)],
      events: [event(1, T0)],
      entries: logged,
    });
    expect(result.findings).toEqual([]);
  });

  it('treats validUntil as exclusive and validFrom as inclusive', () => {
    const events = [event(1, T0)];
    expect(kinds(run({ rights: [right(T0 - DAY, T0)], events, entries: logged }))).toEqual([
      'viewer_without_right',
    ]);
    expect(run({ rights: [right(T0, null)], events, entries: logged }).findings).toEqual([]);
  });

  it('flags a right granted only after the session started', () => {
    const result = run({ rights: [right(T0 + MINUTE, null)], events: [event(1, T0)], entries: logged });
    expect(kinds(result)).toEqual(['viewer_without_right']);
  });

  it('flags a right revoked in the middle of a session, at the first event after it', () => {
    const events = [event(1, T0), event(2, T0 + 5 * MINUTE), event(3, T0 + 10 * MINUTE)];
    const result = run({ rights: [right(T0 - DAY, T0 + 4 * MINUTE)], events, entries: logged });
    expect(only(result, 'viewer_without_right')).toMatchObject([
      { detail: { withoutRightAt: T0 + 5 * MINUTE }, eventIds: ['1', '2', '3'] },
    ]);
  });

  it('counts a revocation and a regrant at the same instant as one right', () => {
    const events = [event(1, T0), event(2, T0 + 5 * MINUTE)];
    const rights = [right(T0 - DAY, T0 + 2 * MINUTE), right(T0 + 2 * MINUTE, null)];
    expect(run({ rights, events, entries: logged }).findings).toEqual([]);
    const gap = [right(T0 - DAY, T0 + 2 * MINUTE), right(T0 + 3 * MINUTE, null)];
    // The gap holds no event, so no viewing happened without a right.
    expect(run({ rights: gap, events, entries: logged }).findings).toEqual([]);
    const gapWithEvent = [right(T0 - DAY, T0 + 2 * MINUTE), right(T0 + 6 * MINUTE, null)];
    expect(kinds(run({ rights: gapWithEvent, events, entries: logged }))).toEqual(['viewer_without_right']);
  });

  it('needs the right for the session site, not another', () => {
    const rights = [{ ...right(T0 - DAY, null), siteId: 'heinola' }];
    expect(kinds(run({ rights, events: [event(1, T0)], entries: logged }))).toEqual(['viewer_without_right']);
  });

  it('replaces unlogged_viewing but still checks a covering entry', () => {
    const rights = [right(T0 - 30 * DAY, T0 - DAY)];
    const uncovered = run({ rights, events: [event(1, T0)] });
    expect(kinds(uncovered)).toEqual(['viewer_without_right']);
    const mismatch = run({
      rights,
      events: [event(1, T0, { cameraName: 'Omatoimi-Itä Aula' })],
      entries: logged,
    });
    expect(kinds(mismatch)).toEqual(['viewer_without_right', 'camera_mismatch']);
  });

  it('is not raised for an unknown VMS user, which gets unknown_vms_user instead', () => {
    const result = run({ rights: [], events: [event(1, T0 + HOUR, { vmsUser: 'stranger' })] });
    expect(kinds(result)).toEqual(['unknown_vms_user']);
  });
});
