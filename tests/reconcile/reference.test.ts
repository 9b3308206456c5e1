import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src/reconcile/index.js';
import { entry, event, MINUTE, run, T0, type TestEvent } from './builders.js';

/**
 * A deliberately naive reading of R6's coverage rules (docs/rules.md) — sessions by a plain scan,
 * coverage by checking every entry against every session — to compare the engine's sort
 * and sweep with. One site, everyone entitled, playback only.
 */
function naive(events: TestEvent[], entries: LedgerEntry[], userOf: (vmsUser: string) => string) {
  const gap = 10 * MINUTE;
  const tolerance = 30 * MINUTE;
  const byUser = new Map<string, TestEvent[]>();
  for (const e of events) byUser.set(userOf(e.vmsUser), [...(byUser.get(userOf(e.vmsUser)) ?? []), e]);
  const sessions: { user: string; events: TestEvent[] }[] = [];
  for (const [user, list] of byUser) {
    list.sort((a, b) => a.occurredAt - b.occurredAt || (a.id < b.id ? -1 : 1));
    for (const e of list) {
      const current = sessions.at(-1);
      const last = current?.events.at(-1);
      if (current?.user === user && last && e.occurredAt - last.occurredAt <= gap) current.events.push(e);
      else sessions.push({ user, events: [e] });
    }
  }
  const covers = (n: LedgerEntry, s: { user: string; events: TestEvent[] }) =>
    n.viewerId === s.user &&
    n.viewedAt - tolerance <= s.events.at(-1)!.occurredAt &&
    (n.viewedUntil ?? n.viewedAt) + tolerance >= s.events[0]!.occurredAt;
  const unlogged = sessions
    .filter((s) => !entries.some((n) => covers(n, s)))
    .map((s) => s.events.map((e) => String(e.id)));
  const withoutEvidence = entries.filter((n) => !sessions.some((s) => covers(n, s))).map((n) => n.id);
  return { unlogged: unlogged.sort(), withoutEvidence: withoutEvidence.sort() };
}

const minutes = fc.integer({ min: 0, max: 600 });

describe('reconcile coverage against a naive reference', () => {
  it('finds the same unlogged sessions and evidence-less entries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: minutes, maija: fc.boolean() }), { maxLength: 40 }),
        fc.array(
          fc.record({
            at: minutes,
            length: fc.option(
              fc.oneof(fc.integer({ min: 0, max: 240 }), fc.integer({ min: 700, max: 3000 })),
            ),
            maija: fc.boolean(),
          }),
          {
            maxLength: 25,
          },
        ),
        (rawEvents, rawEntries) => {
          const events = rawEvents.map((r, i) =>
            event(10 + i, T0 + r.at * MINUTE, {
              vmsUser: r.maija ? 'mvirtanen' : 'hkorhonen',
              cameraName: null,
            }),
          );
          const entries = rawEntries.map((r, i) =>
            entry(`e${String(i).padStart(2, '0')}`, T0 + r.at * MINUTE, {
              viewerId: r.maija ? 'u-maija' : 'u-heikki',
              viewedUntil: r.length === null ? null : T0 + (r.at + r.length) * MINUTE,
            }),
          );
          const result = run({ events, entries });
          const expected = naive(events, entries, (name) => (name === 'mvirtanen' ? 'u-maija' : 'u-heikki'));
          const got = (kind: string) => result.findings.filter((f) => f.kind === kind);
          expect(
            got('unlogged_viewing')
              .map((f) => f.eventIds)
              .sort(),
          ).toEqual(expected.unlogged);
          expect(
            got('entry_without_evidence')
              .flatMap((f) => f.entryIds)
              .sort(),
          ).toEqual(expected.withoutEvidence);
        },
      ),
      { numRuns: 300 },
    );
  });
});
