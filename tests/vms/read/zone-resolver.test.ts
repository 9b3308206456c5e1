import { describe, expect, it } from 'vitest';
import { builtInProfiles, vmsProfileSchema } from '../../../src/vms/index.js';
import { ZoneResolver } from '../../../src/vms/read/zone-resolver.js';
import { fixture, readAll } from './read-all.js';

const generic = builtInProfiles.generic;
const naive = (iso: string) => Date.parse(`${iso}Z`);
const iso = (ms: number) => new Date(ms).toISOString();

describe('ZoneResolver', () => {
  it('resolves ordinary times in Europe/Helsinki winter and summer', () => {
    const r = new ZoneResolver('Europe/Helsinki');
    expect(iso(r.resolve(naive('2025-03-14T18:42:07')))).toBe('2025-03-14T16:42:07.000Z');
    expect(r.lastKind).toBe('exact');
    expect(iso(r.resolve(naive('2025-07-01T12:00:00')))).toBe('2025-07-01T09:00:00.000Z');
  });

  it('shifts a time in the spring-forward gap forward by the gap', () => {
    const r = new ZoneResolver('Europe/Helsinki');
    expect(iso(r.resolve(naive('2026-03-29T03:00:00')))).toBe('2026-03-29T01:00:00.000Z');
    expect(r.lastKind).toBe('nonexistent');
    expect(iso(r.resolve(naive('2026-03-29T03:59:59')))).toBe('2026-03-29T01:59:59.000Z');
    expect(r.lastKind).toBe('nonexistent');
    r.resolve(naive('2026-03-29T04:00:00'));
    expect(r.lastKind).toBe('exact');
  });

  it('takes the earlier instant in the fall-back hour when there is no row order to go by', () => {
    const r = new ZoneResolver('Europe/Helsinki');
    expect(iso(r.resolveStandalone(naive('2026-10-25T03:30:00')))).toBe('2026-10-25T00:30:00.000Z');
    expect(r.lastKind).toBe('ambiguous');
    expect(r.lastByRowOrder).toBe(false);
  });

  it('handles zones with other rules (New York) and fixed UTC', () => {
    const ny = new ZoneResolver('America/New_York');
    ny.resolve(naive('2026-03-08T02:30:00'));
    expect(ny.lastKind).toBe('nonexistent');
    expect(iso(ny.resolve(naive('2026-01-10T12:00:00')))).toBe('2026-01-10T17:00:00.000Z');
    const utc = new ZoneResolver('UTC');
    expect(iso(utc.resolve(naive('2026-03-29T03:30:00')))).toBe('2026-03-29T03:30:00.000Z');
    expect(utc.lastKind).toBe('exact');
  });

  // The answer is cached per local hour: an hour whose start and end differ (a change by half an
  // hour, as on Lord Howe Island) must be worked out per time, not from its start.
  it('works out an hour the clocks change inside by half an hour (Lord Howe) per time', () => {
    const r = new ZoneResolver('Australia/Lord_Howe');
    // 5 October 2025: 02:00 +10:30 becomes 02:30 +11:00.
    expect(iso(r.resolve(naive('2025-10-05T02:15:00')))).toBe('2025-10-04T15:45:00.000Z');
    expect(r.lastKind).toBe('nonexistent');
    expect(iso(r.resolve(naive('2025-10-05T02:45:00')))).toBe('2025-10-04T15:45:00.000Z');
    expect(r.lastKind).toBe('exact');
    // 6 April 2025: 02:00 +11:00 becomes 01:30 +10:30, so 01:30–01:59 happens twice.
    expect(iso(r.resolveStandalone(naive('2025-04-06T01:15:00')))).toBe('2025-04-05T14:15:00.000Z');
    expect(r.lastKind).toBe('exact');
    expect(iso(r.resolveStandalone(naive('2025-04-06T01:45:00')))).toBe('2025-04-05T14:45:00.000Z');
    expect(r.lastKind).toBe('ambiguous');
  });
});

describe('readVmsFile time zones and DST', () => {
  it('stores a nonexistent local time shifted forward, with a warning naming line and column', async () => {
    const r = await readAll({ path: fixture('dst-spring-forward.csv') }, { profile: generic });
    expect(r.errors).toEqual([]);
    expect(r.events.map((e) => e.occurredAt)).toEqual([
      '2026-03-29T00:59:59.000Z',
      '2026-03-29T01:30:00.000Z', // 03:30 does not exist: read as 04:30 EEST
      '2026-03-29T01:00:00.000Z',
    ]);
    expect(r.warnings).toEqual([
      expect.objectContaining({ line: 3, column: 'time', code: 'nonexistent_local_time' }),
    ]);
  });

  it('resolves the repeated hour by row order in an ascending file: going back takes the later offset', async () => {
    const r = await readAll({ path: fixture('dst-fall-back-ascending.csv') }, { profile: generic });
    expect(r.events.map((e) => [e.rawTime, e.occurredAt])).toEqual([
      ['2026-10-25T02:50:00', '2026-10-24T23:50:00.000Z'],
      ['2026-10-25T03:10:00', '2026-10-25T00:10:00.000Z'],
      ['2026-10-25T03:50:00', '2026-10-25T00:50:00.000Z'],
      ['2026-10-25T03:05:00', '2026-10-25T01:05:00.000Z'],
      ['2026-10-25T03:55:00', '2026-10-25T01:55:00.000Z'],
      ['2026-10-25T04:05:00', '2026-10-25T02:05:00.000Z'],
    ]);
    expect(r.warnings.map((w) => [w.line, w.code])).toEqual([
      [3, 'ambiguous_local_time'],
      [4, 'ambiguous_local_time'],
      [5, 'ambiguous_local_time'],
      [6, 'ambiguous_local_time'],
    ]);
    expect(r.warnings[2]?.message).toContain('+02:00');
  });

  it('resolves the repeated hour by row order in a descending (newest first) file', async () => {
    const r = await readAll({ path: fixture('dst-fall-back-descending.csv') }, { profile: generic });
    expect(r.events.map((e) => e.occurredAt)).toEqual([
      '2026-10-25T02:05:00.000Z',
      '2026-10-25T01:55:00.000Z',
      '2026-10-25T01:05:00.000Z',
      '2026-10-25T00:50:00.000Z',
      '2026-10-25T00:10:00.000Z',
      '2026-10-24T23:50:00.000Z',
    ]);
    expect(r.warnings).toHaveLength(4);
  });

  it('takes the earlier offset when the first row is in the repeated hour, and says why', async () => {
    const r = await readAll({ path: fixture('dst-fall-back-first-row.csv') }, { profile: generic });
    expect(r.events.map((e) => e.occurredAt)).toEqual([
      '2026-10-25T00:20:00.000Z',
      '2026-10-25T02:20:00.000Z',
    ]);
    expect(r.warnings).toEqual([expect.objectContaining({ line: 2, code: 'ambiguous_local_time' })]);
    expect(r.warnings[0]?.message).toContain('earlier');
  });

  it("uses the import's time zone over the profile's, the profile's over Europe/Helsinki", async () => {
    const path = fixture('generic.csv');
    const byDefault = await readAll({ path }, { profile: generic });
    expect(byDefault.events[0]?.occurredAt).toBe('2025-03-14T16:42:07.000Z');
    const stockholm = vmsProfileSchema.parse({
      ...generic,
      id: 'generic-se',
      timestamps: { ...generic.timestamps, timeZone: 'Europe/Stockholm' },
    });
    const byProfile = await readAll({ path }, { profile: stockholm });
    expect(byProfile.events[0]?.occurredAt).toBe('2025-03-14T17:42:07.000Z');
    const byImport = await readAll({ path }, { profile: stockholm, timeZone: 'UTC' });
    expect(byImport.events[0]?.occurredAt).toBe('2025-03-14T18:42:07.000Z');
    // An explicit offset in the data wins over all of them.
    expect(byImport.events[2]?.occurredAt).toBe('2025-03-14T15:59:00.000Z');
    expect(byImport.events[1]?.occurredAt).toBe('2025-03-14T16:55:31.000Z');
  });

  it('reports an unknown time zone as an error item, not a throw', async () => {
    const r = await readAll({ path: fixture('generic.csv') }, { profile: generic, timeZone: 'Europe/Lahti' });
    expect(r.errors).toEqual([expect.objectContaining({ line: 0, code: 'invalid_time_zone' })]);
    expect(r.events).toEqual([]);
  });
});
