import { describe, expect, it } from 'vitest';
import { builtInProfiles, vmsEventKey } from '../../../src/vms/index.js';
import { fixture, readAll } from './read-all.js';

describe('vmsEventKey', () => {
  it('gives the same key to the same event in two overlapping exports, and different keys otherwise', async () => {
    const profile = builtInProfiles['milestone-xprotect'];
    const a = await readAll({ path: fixture('overlap-a.txt') }, { profile });
    const b = await readAll({ path: fixture('overlap-b.txt') }, { profile });
    const keysA = a.events.map(vmsEventKey);
    const keysB = b.events.map(vmsEventKey);
    expect(new Set(keysA).size).toBe(3);
    expect(new Set(keysB).size).toBe(3);
    // A's rows 2-3 are B's rows 1-2 (one with the user name in other case), on other lines.
    expect(keysB.slice(0, 2)).toEqual(keysA.slice(1, 3));
    expect(keysA).not.toContain(keysB[2]);
    expect(new Set([...keysA, ...keysB]).size).toBe(4);
  });

  it('tells apart events that differ only in camera, action or time', async () => {
    const { events } = await readAll(
      { path: fixture('nx-witness.json') },
      { profile: builtInProfiles['nx-witness-json'] },
    );
    const [cam1, cam2] = events;
    expect(cam1 && cam2 && vmsEventKey(cam1) !== vmsEventKey(cam2)).toBe(true);
    if (cam1 === undefined) throw new Error('fixture changed');
    expect(vmsEventKey({ ...cam1, actionText: 'AR_ExportVideo' })).not.toBe(vmsEventKey(cam1));
    expect(vmsEventKey({ ...cam1, occurredAt: '2025-03-14T16:42:08.000Z' })).not.toBe(vmsEventKey(cam1));
    expect(vmsEventKey({ ...cam1, line: 99, rawTime: 'other text' })).toBe(vmsEventKey(cam1));
  });
});
