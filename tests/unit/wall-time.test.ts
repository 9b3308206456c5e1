import { describe, expect, it } from 'vitest';
import { parseWallDate, parseWallTime, sameMinute, toWallTimeText } from '../../src/wall-time.js';

describe('parseWallTime', () => {
  it.each([
    ['7.12.2026 17.05', '2026-12-07T15:05:00.000Z'],
    ['7.12.2026 klo 17:05', '2026-12-07T15:05:00.000Z'],
    ['7.12.2026 kl. 17.05', '2026-12-07T15:05:00.000Z'],
    ['2026-12-07T17:05', '2026-12-07T15:05:00.000Z'],
    ['1.7.2026 9.05', '2026-07-01T06:05:00.000Z'],
  ])('reads %s as Helsinki wall time', (typed, utc) => {
    expect(parseWallTime(typed)).toEqual({ ok: true, utc });
  });

  it('refuses the spring gap and the autumn fold instead of guessing', () => {
    expect(parseWallTime('29.3.2026 3.30')).toEqual({ ok: false, reason: 'dst_gap' });
    expect(parseWallTime('25.10.2026 3.30')).toEqual({ ok: false, reason: 'dst_fold' });
    expect(parseWallTime('25.10.2026 4.00')).toEqual({ ok: true, utc: '2026-10-25T02:00:00.000Z' });
    expect(parseWallTime('25.10.2026 2.59')).toEqual({ ok: true, utc: '2026-10-24T23:59:00.000Z' });
  });

  it.each(['31.2.2026 10.00', '7.12.2026 24.00', '7.12.2026', 'eilen', ''])(
    'refuses %j as a format error',
    (typed) => {
      expect(parseWallTime(typed)).toEqual({ ok: false, reason: 'format' });
    },
  );

  it('writes an instant back the way it is typed, and compares at the minute', () => {
    expect(toWallTimeText('2026-12-07T15:05:42.123Z')).toBe('7.12.2026 17.05');
    // Around both clock changes: the hour before and after each, read back as typed.
    expect(toWallTimeText('2026-03-29T00:59:00.000Z')).toBe('29.3.2026 2.59');
    expect(toWallTimeText('2026-03-29T01:00:00.000Z')).toBe('29.3.2026 4.00');
    expect(toWallTimeText('2026-10-25T00:30:00.000Z')).toBe('25.10.2026 3.30');
    expect(toWallTimeText('2026-10-25T01:30:00.000Z')).toBe('25.10.2026 3.30');
    expect(toWallTimeText('2026-10-25T02:00:00.000Z')).toBe('25.10.2026 4.00');
    expect(parseWallTime(toWallTimeText('2026-03-29T01:00:00.000Z'))).toEqual({
      ok: true,
      utc: '2026-03-29T01:00:00.000Z',
    });
    // The autumn hour that happens twice cannot be typed back without saying which.
    expect(parseWallTime(toWallTimeText('2026-10-25T01:30:00.000Z'))).toEqual({
      ok: false,
      reason: 'dst_fold',
    });
    expect(sameMinute('2026-12-07T15:05:00.000Z', '2026-12-07T15:05:42.123Z')).toBe(true);
    expect(sameMinute('2026-12-07T15:06:00.000Z', '2026-12-07T15:05:42.123Z')).toBe(false);
  });

  it('reads a typed day as the Helsinki day it names', () => {
    expect(parseWallDate('7.12.2026')).toEqual({
      ok: true,
      start: '2026-12-06T22:00:00.000Z',
      end: '2026-12-07T22:00:00.000Z',
    });
    expect(parseWallDate('32.1.2026')).toEqual({ ok: false });
  });
});
