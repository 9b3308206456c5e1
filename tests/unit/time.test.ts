import { describe, expect, it } from 'vitest';
import { compareTypedTime } from '../../src/time.js';

describe('compareTypedTime', () => {
  const stamped = '2026-05-12T13:08:05.301Z'; // 16:08:05.301 in Helsinki

  it('takes a time typed to the second as equal to a stamp within that second', () => {
    expect(compareTypedTime('2026-05-12T16:08:05+03:00', stamped)).toBe(0);
    expect(compareTypedTime('2026-05-12T13:08:05Z', stamped)).toBe(0);
  });

  it('takes the second before as earlier and the second after as later', () => {
    expect(compareTypedTime('2026-05-12T16:08:04+03:00', stamped)).toBeLessThan(0);
    expect(compareTypedTime('2026-05-12T16:08:06+03:00', stamped)).toBeGreaterThan(0);
  });

  it('compares a time typed to the minute by minutes', () => {
    expect(compareTypedTime('2026-05-12T16:08+03:00', stamped)).toBe(0);
    expect(compareTypedTime('2026-05-12T16:07+03:00', stamped)).toBeLessThan(0);
    expect(compareTypedTime('2026-05-12T16:09+03:00', '2026-05-12T13:08:59.999Z')).toBeGreaterThan(0);
  });

  it('compares a time typed with a fraction at the fraction’s last digit', () => {
    expect(compareTypedTime('2026-05-12T13:08:05.3Z', stamped)).toBe(0);
    expect(compareTypedTime('2026-05-12T13:08:05.30Z', stamped)).toBe(0);
    expect(compareTypedTime('2026-05-12T13:08:05.300Z', stamped)).toBeLessThan(0);
    expect(compareTypedTime('2026-05-12T13:08:05.2Z', stamped)).toBeLessThan(0);
  });

  it('is exact for stored times, which carry milliseconds', () => {
    expect(compareTypedTime('2026-05-12T13:08:05.000Z', stamped)).toBeLessThan(0);
    expect(compareTypedTime(stamped, stamped)).toBe(0);
  });

  it('takes the other time’s offset into account, not only its digits', () => {
    expect(compareTypedTime('2026-05-12T13:08:05Z', '2026-05-12T16:08:05.900+03:00')).toBe(0);
    expect(compareTypedTime('2026-05-12T16:08:05Z', '2026-05-12T16:08:05.900+03:00')).toBeGreaterThan(0);
  });
});
