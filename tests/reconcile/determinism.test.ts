import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findingKinds, reconcile } from '../../src/reconcile/index.js';
import { columnar, entry, event, only, run, T0, type TestInput } from './builders.js';
import { prng, randomWorld, shuffled } from './generate.js';

function reorder(input: TestInput, seed: number): TestInput {
  const random = prng(seed);
  return {
    ...input,
    siteIds: shuffled(input.siteIds, random),
    staff: shuffled(input.staff, random),
    cameras: shuffled(input.cameras, random),
    rights: shuffled(input.rights, random),
    entries: shuffled(input.entries, random),
    events: shuffled(input.events, random),
    imports: shuffled(input.imports, random),
    copies: shuffled(input.copies, random),
  };
}

describe('reconcile determinism (R6: same inputs, same findings)', () => {
  it('gives identical output, order included, for shuffled input', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer(), (worldSeed, shuffleSeed) => {
        const input = randomWorld(worldSeed, 300, 4);
        const expected = reconcile(columnar(input));
        expect(reconcile(columnar(reorder(input, shuffleSeed)))).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('exercises every finding kind in the generated worlds (so the check above has teeth)', () => {
    const result = reconcile(columnar(randomWorld(7, 3000, 4)));
    for (const kind of findingKinds) expect(result.summary[kind], kind).toBeGreaterThan(0);
    expect(Object.values(result.summary).reduce((a, b) => a + b, 0)).toBe(result.findings.length);
    expect(result.unmappedCameraNames).toEqual(['Takapiha']);
  });

  it('sorts findings by time, then kind', () => {
    const { findings } = reconcile(columnar(randomWorld(11, 1000, 3)));
    for (let i = 1; i < findings.length; i++) {
      const a = findings[i - 1]!;
      const b = findings[i]!;
      expect(
        a.from < b.from ||
          (a.from === b.from && findingKinds.indexOf(a.kind) <= findingKinds.indexOf(b.kind)),
      ).toBe(true);
    }
  });
});

describe('reconcile tie-breaking', () => {
  it('orders entries with the same viewing time by id, whatever the input order', () => {
    const entries = [entry('e2', T0), entry('e1', T0)];
    const events = [event(1, T0, { cameraName: 'Omatoimi-Itä Aula' })];
    for (const order of [entries, entries.slice().reverse()]) {
      expect(only(run({ entries: order, events }), 'camera_mismatch')).toMatchObject([
        { entryIds: ['e1', 'e2'] },
      ]);
    }
  });
});
