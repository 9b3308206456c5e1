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
