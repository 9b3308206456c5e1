import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/protocol/canonical.js';
import { eventBody, eventHash, genesisHash } from '../../src/protocol/chain.js';

// Any code point, lone surrogates too: JSON.stringify escapes those, so they must round-trip.
const text = fc.string({
  unit: fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  ),
});

/** An event as `recordLedgerRow` stores it: the data text is `canonicalJson` of the row. */
const storedEvent = fc.record({
  seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  type: text,
  at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  actor_id: fc.option(text),
  site_id: fc.option(text),
  subject_id: fc.option(text),
  data: fc.dictionary(text, fc.jsonValue({ stringUnit: 'binary' })).map(canonicalJson),
});

/** The definition the chain was first hashed with: parse the data, serialise the envelope. */
function reference(e: Parameters<typeof eventBody>[0]) {
  return canonicalJson({
    seq: e.seq,
    type: e.type,
    at: e.at,
    actorId: e.actor_id,
    siteId: e.site_id,
    subjectId: e.subject_id,
    data: JSON.parse(e.data) as unknown,
  });
}

describe('eventBody', () => {
  it('is canonicalJson of the envelope with the data parsed, for every stored event', () => {
    fc.assert(
      fc.property(storedEvent, (e) => {
        expect(eventBody(e)).toBe(reference(e));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the hashes of existing chains', () => {
    fc.assert(
      fc.property(storedEvent, fc.constantFrom(genesisHash, 'ab'.repeat(32)), (e, prev) => {
        const old = createHash('sha256').update(prev).update('\n').update(reference(e)).digest('hex');
        expect(eventHash(prev, e)).toBe(old);
      }),
    );
  });

  it('differs for a data text of equal JSON in other bytes', () => {
    const e = {
      seq: 1,
      type: 'viewing.recorded',
      at: '2026-01-01T00:00:00.000Z',
      actor_id: null,
      site_id: 's',
      subject_id: 'v',
      data: canonicalJson({ a: 1, b: 'x' }),
    };
    expect(eventHash(genesisHash, { ...e, data: '{"b":"x","a":1}' })).not.toBe(eventHash(genesisHash, e));
    expect(eventHash(genesisHash, { ...e, data: ` ${e.data}` })).not.toBe(eventHash(genesisHash, e));
  });
});
