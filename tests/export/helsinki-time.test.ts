import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { excelWallClock, fromWallClock, helsinkiIso } from '../../src/export/index.js';

const wall = (iso: string) => excelWallClock(iso).toISOString().slice(0, 16);
const at = (local: string) => new Date(`${local}:00.000Z`);

describe('Helsinki wall-clock time for Excel cells', () => {
  it('shows Helsinki local time on both sides of the spring change (29 March 2026, 03:00 → 04:00)', () => {
    expect(wall('2026-03-29T00:59:00.000Z')).toBe('2026-03-29T02:59');
    expect(wall('2026-03-29T01:00:00.000Z')).toBe('2026-03-29T04:00');
    expect(wall('2026-07-01T12:00:00.000Z')).toBe('2026-07-01T15:00');
    expect(wall('2026-01-15T12:00:00.000Z')).toBe('2026-01-15T14:00');
  });

  it('shows the autumn hour twice (25 October 2026, 04:00 → 03:00)', () => {
    expect(wall('2026-10-25T00:30:00.000Z')).toBe('2026-10-25T03:30');
    expect(wall('2026-10-25T01:30:00.000Z')).toBe('2026-10-25T03:30');
    expect(wall('2026-10-25T02:30:00.000Z')).toBe('2026-10-25T04:30');
  });

  it('reads a wall-clock time back to its instant', () => {
    for (const iso of [
      '2026-03-29T00:59:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-07-01T12:00:00.123Z',
      '2026-10-25T02:30:00.000Z',
    ]) {
      expect(fromWallClock(excelWallClock(iso))).toEqual({ iso, ambiguous: false });
    }
  });

  it('reads the repeated autumn hour as its first (summer-time) instant and says so', () => {
    expect(fromWallClock(at('2026-10-25T03:30'))).toEqual({
      iso: '2026-10-25T00:30:00.000Z',
      ambiguous: true,
    });
  });

  it('finds no instant for a time in the spring gap', () => {
    expect(fromWallClock(at('2026-03-29T03:30'))).toBeNull();
  });

  it('writes ISO-8601 with the Helsinki offset for CSV', () => {
    expect(helsinkiIso('2026-03-29T00:30:00.000Z')).toBe('2026-03-29T02:30:00+02:00');
    expect(helsinkiIso('2026-03-29T01:30:00.000Z')).toBe('2026-03-29T04:30:00+03:00');
    expect(helsinkiIso('2026-03-29T01:30:00.250Z')).toBe('2026-03-29T04:30:00.250+03:00');
  });
});

/**
 * The offset is cached per UTC day, and per UTC hour only on a day whose first and last
 * millisecond differ. That is exact as long as Helsinki's clocks change at most once a UTC day
 * and on a whole UTC hour: checked against the zone data from 1970 to 2040, with our offset
 * compared at every quarter hour of each day the clocks change and at noon of every other day.
 */
describe('Helsinki offsets against the zone data', () => {
  const zone = IANAZone.create('Europe/Helsinki');
  const hourMs = 3_600_000;
  const dayMs = 24 * hourMs;
  const ours = (t: number) => (excelWallClock(new Date(t).toISOString()).getTime() - t) / 60_000;

  it('changes at most once a UTC day, on a whole UTC hour, and we agree at every quarter hour of those days', () => {
    const problems: string[] = [];
    let changeDays = 0;
    for (let day = Date.UTC(1970, 0, 1); day < Date.UTC(2041, 0, 1); day += dayMs) {
      const at = new Date(day).toISOString().slice(0, 10);
      const start = zone.offset(day);
      if (start === zone.offset(day + dayMs / 2) && start === zone.offset(day + dayMs - 1)) {
        if (ours(day + dayMs / 2) !== start)
          problems.push(`${at}: ours ${ours(day + dayMs / 2)}, zone ${start}`);
        continue;
      }
      changeDays++;
      let changes = 0;
      for (let hour = day; hour < day + dayMs; hour += hourMs) {
        if (zone.offset(hour + hourMs - 1) !== zone.offset(hour))
          problems.push(`${at}: a change inside a UTC hour`);
        if (hour > day && zone.offset(hour) !== zone.offset(hour - 1)) changes++;
      }
      if (changes !== 1) problems.push(`${at}: ${changes} changes in one UTC day`);
      for (let t = day; t < day + dayMs; t += hourMs / 4) {
        if (ours(t) !== zone.offset(t))
          problems.push(`${new Date(t).toISOString()}: ours ${ours(t)}, zone ${zone.offset(t)}`);
      }
    }
    expect(problems).toEqual([]);
    // Twice a year since 1983 (1981 and 1982 changed at midnight UTC, between two days).
    expect(changeDays).toBe(2 * (2040 - 1983 + 1));
  });
});
