import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DomainError } from '../../src/errors.js';
import { checkEntryTimes, type EntryFacts, protocolSettingsOf } from '../../src/protocol/index.js';

const now = new Date('2026-03-29T00:30:00.000Z'); // 02:30 in Helsinki, the night the clocks go forward
const minute = 60_000;
const hour = 60 * minute;
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();

const facts = (overrides: Partial<EntryFacts> = {}): EntryFacts => ({
  siteId: 'site',
  viewerId: 'viewer',
  viewedAt: at(-10 * minute),
  viewedUntil: at(-5 * minute),
  cameraIds: ['camera'],
  footageFrom: at(-3 * hour),
  footageTo: at(-2 * hour),
  decidedByUserId: null,
  decidedByName: 'Library director',
  requestId: null,
  ...overrides,
});

const settings = { retentionHours: 336 };

function refusal(f: EntryFacts, s = settings): DomainError | null {
  try {
    checkEntryTimes(f, now, s);
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
}

describe('checkEntryTimes', () => {
  it('accepts an entry whose times are in order and in the past', () => {
    expect(refusal(facts())).toBeNull();
  });

  it.each([
    ['viewedAt', 'viewing_in_future', { viewedAt: at(3 * minute), viewedUntil: null }],
    ['viewedUntil', 'viewing_in_future', { viewedUntil: at(3 * minute) }],
    ['viewedUntil', 'viewing_ends_before_start', { viewedUntil: at(-20 * minute) }],
    ['footageFrom', 'footage_reversed', { footageFrom: at(-1 * hour), footageTo: at(-2 * hour) }],
    ['footageTo', 'footage_after_viewing', { footageTo: at(-9 * minute) }],
    ['footageFrom', 'footage_past_retention', { footageFrom: at(-337 * hour) }],
  ] as const)('refuses %s with %s', (field, code, overrides) => {
    const err = refusal(facts(overrides));
    expect(err?.code).toBe(code);
    expect(err?.field).toBe(field);
    expect(err?.rule).toMatch(/^R(1|7)$/);
  });

  it('allows two minutes of clock skew, not more', () => {
    expect(refusal(facts({ viewedAt: at(2 * minute - 1), viewedUntil: null }))).toBeNull();
    expect(refusal(facts({ viewedAt: at(2 * minute + 1000), viewedUntil: null }))?.code).toBe(
      'viewing_in_future',
    );
  });

  it('counts the retention in absolute hours across the DST night (R1)', () => {
    expect(refusal(facts({ footageFrom: at(-335 * hour) }))).toBeNull();
    expect(refusal(facts({ footageFrom: at(-2 * hour) }), { retentionHours: 1 })?.code).toBe(
      'footage_past_retention',
    );
  });

  it('lets footage past retention be viewed from a copy made for a request (R1)', () => {
    expect(refusal(facts({ footageFrom: at(-400 * hour), requestId: 'request' }))).toBeNull();
  });
});

describe('protocolSettingsOf', () => {
  it('reads the late-entry limit, the retention hours and two-person decisions from the configuration', () => {
    const config = loadConfig({
      LATE_ENTRY_MINUTES: '45',
      RETENTION_HOURS: '100',
      TWO_PERSON_DECISIONS: 'false',
    });
    expect(protocolSettingsOf(config)).toEqual({
      lateEntryMinutes: 45,
      retentionHours: 100,
      twoPersonDecisions: false,
    });
  });
});
