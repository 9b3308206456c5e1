import { describe, expect, it } from 'vitest';
import { builtInProfiles, type ReadVmsOptions, readVmsFile, type VmsReadItem } from '../../src/vms/index.js';
import { readVmsFileInWorker } from '../../src/vms/read-in-worker.js';
import { fixture } from './read-all.js';

async function items(reader: { batches(): AsyncIterable<VmsReadItem[]> }) {
  const all: VmsReadItem[] = [];
  for await (const batch of reader.batches()) all.push(...batch);
  return all;
}

/**
 * The import reads on a thread of its own (issue 6 benchmark). What arrives must be exactly
 * what `readVmsFile` gives on this thread: events, errors and warnings in order, the counts and
 * what was detected.
 */
describe('readVmsFileInWorker', () => {
  it.each([
    ['milestone-utf8-bom.csv', 'milestone-xprotect', {}],
    ['milestone-utf16le.txt', 'milestone-xprotect', {}],
    ['milestone-windows-1252.csv', 'milestone-xprotect', {}],
    ['milestone.xlsx', 'milestone-xprotect', {}],
    ['nx-witness.csv', 'nx-witness-csv', {}],
    ['nx-witness.json', 'nx-witness-json', {}],
    ['genetec-activity-trail.csv', 'genetec-activity-trail', {}],
    ['verkada.csv', 'verkada', {}],
    ['dst-spring-forward.csv', 'generic', { timeZone: 'Europe/Helsinki' }],
    ['bad-rows.csv', 'generic', {}],
    ['missing-column.csv', 'milestone-xprotect', {}],
    ['empty.csv', 'milestone-xprotect', {}],
  ] as const)('%s: the same items as on this thread', async (file, profileId, extra) => {
    const options: ReadVmsOptions = { profile: builtInProfiles[profileId], ...extra };
    const here = readVmsFile({ path: fixture(file) }, options);
    const there = readVmsFileInWorker(fixture(file), options);
    const expected = await items(here);
    expect(expected.length).toBeGreaterThan(0);
    expect(await items(there)).toEqual(expected);
    expect(there.rowsRead).toBe(here.rowsRead);
    expect(there.stats).toEqual(here.stats);
  });

  it('a missing file fails as it would on this thread', async () => {
    const reader = readVmsFileInWorker(fixture('no-such-file.csv'), { profile: builtInProfiles.generic });
    await expect(items(reader)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a consumer that stops early stops the reading thread', async () => {
    const reader = readVmsFileInWorker(fixture('milestone-utf8-bom.csv'), {
      profile: builtInProfiles['milestone-xprotect'],
    });
    for await (const batch of reader.batches()) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    // Leaving the loop terminated the worker; iterating again is refused, not hung.
    await expect(items(reader)).rejects.toThrow(/only once/);
  });
});
