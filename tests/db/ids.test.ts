import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from '../../src/db/index.js';

describe('timeOrderedUuid', () => {
  it('is a version 7 UUID carrying the time in its first 48 bits', () => {
    const at = Date.parse('2025-10-15T10:00:00.000Z');
    const id = timeOrderedUuid(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('sorts by time as text, and differs within one millisecond', () => {
    const at = Date.parse('2025-10-15T10:00:00.000Z');
    const ids = [timeOrderedUuid(at + 1), timeOrderedUuid(at), timeOrderedUuid(at + 1000)];
    expect([...ids].sort()).toEqual([ids[1], ids[0], ids[2]]);
    expect(new Set(Array.from({ length: 1000 }, () => timeOrderedUuid(at))).size).toBe(1000);
  });
});
