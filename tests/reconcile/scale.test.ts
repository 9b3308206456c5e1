import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/reconcile/index.js';
import { columnar, entry, event, MINUTE, SECOND, T0, type TestInput, world } from './builders.js';
import { randomWorld } from './generate.js';

/**
 * One busy viewer at one site, a viewing every 11 minutes (so sessions stay apart), nine in
 * ten logged, plus one absurdly long entry: the worst case for any scan over one
 * (user, site)'s entries.
 */
function oneBusyViewer(viewings: number): TestInput {
  const from = T0;
  const events = [];
  const entries = [];
  for (let v = 0; v < viewings; v++) {
    const at = from + v * 11 * MINUTE;
    for (let k = 0; k < 2; k++) events.push(event(2 * v + k, at + k * SECOND));
    if (v % 10 !== 0) entries.push(entry(`e${v}`, at + 5 * SECOND));
  }
  const to = from + viewings * 11 * MINUTE;
  // One entry mistyped to last the whole period: it covers everything and must not make
  // every later lookup walk back to it.
  entries.push(entry('e-typo', from + 7 * MINUTE, { viewedUntil: to }));
  return world({
    window: { from, to },
    now: to,
    rights: [{ userId: 'u-heikki', siteId: 'lahti', validFrom: from, validUntil: null }],
    imports: [{ id: 'imp-lahti', siteId: 'lahti', from, to }],
    events,
    entries,
  });
}

describe('reconcile at scale', () => {
  it('reconciles 200k events and 20k entries well within 10 s', () => {
    const input = columnar(randomWorld(42, 25_000, 8));
    expect(input.events.count).toBe(200_000);
    expect(input.entries.length).toBeGreaterThanOrEqual(20_000);
    const started = performance.now();
    const result = reconcile(input);
    const elapsed = performance.now() - started;
    expect(result.findings.length).toBeGreaterThan(1000);
    expect(elapsed).toBeLessThan(10_000);
  });

  it('handles one busy viewer with 150k sessions and 135k entries well within 10 s', () => {
    // All in one (user, site): a loop over that user's entries per session would take ~2·10^10
    // steps here; sort and sweep takes a second or so.
    const input = columnar(oneBusyViewer(150_000));
    expect(input.entries.length).toBe(135_001);
    const started = performance.now();
    const result = reconcile(input);
    const elapsed = performance.now() - started;
    expect(result.counts.playbackSessions).toBe(150_000);
    expect(result.summary.unlogged_viewing).toBe(0);
    expect(result.summary.entry_without_evidence).toBe(0);
    expect(elapsed).toBeLessThan(10_000);
  });
});
