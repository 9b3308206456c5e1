import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_PROFILE_IDS,
  builtInProfiles,
  findBuiltInProfile,
  type ParsedVmsEvent,
  vmsProfileSchema,
} from '../../../src/vms/index.js';
import { fixture, readAll } from './read-all.js';

const entrance = 'Omatoimi-Itä Sisäänkäynti';

describe('builtInProfiles', () => {
  it('has the six documented ids, each valid against the schema', () => {
    expect(Object.keys(builtInProfiles).sort()).toEqual([...BUILT_IN_PROFILE_IDS].sort());
    for (const id of BUILT_IN_PROFILE_IDS) {
      expect(vmsProfileSchema.parse(builtInProfiles[id])).toEqual(builtInProfiles[id]);
      expect(builtInProfiles[id].id).toBe(id);
    }
    expect(findBuiltInProfile('verkada')).toBe(builtInProfiles.verkada);
    expect(findBuiltInProfile('toString')).toBeUndefined();
  });

  it('milestone-xprotect reads the documented export (tab, US local time)', async () => {
    const r = await readAll(
      { path: fixture('milestone-utf16le.txt') },
      { profile: builtInProfiles['milestone-xprotect'] },
    );
    expect(r.events[0]).toEqual<ParsedVmsEvent>({
      line: 2,
      occurredAt: '2025-03-14T16:42:07.000Z',
      occurredMs: Date.UTC(2025, 2, 14, 16, 42, 7),
      rawTime: '3/14/2025 6:42:07 PM',
      vmsUser: '[BASIC]\\hkorhonen',
      userHost: '10.20.1.15',
      cameraName: entrance,
      action: 'playback',
      actionText: 'Playback',
      message: 'Playback of recordings',
      footageFrom: null,
      footageTo: null,
    });
    expect(r.events.map((e) => e.action)).toEqual(['playback', 'export', 'other']);
  });

  it('nx-witness-csv reads the documented audit trail, events naming no camera', async () => {
    const r = await readAll(
      { path: fixture('nx-witness.csv') },
      { profile: builtInProfiles['nx-witness-csv'] },
    );
    expect(r.events[1]).toEqual<ParsedVmsEvent>({
      line: 3,
      occurredAt: '2025-03-14T16:55:31.000Z',
      occurredMs: Date.UTC(2025, 2, 14, 16, 55, 31),
      rawTime: '14.3.2025 18:55:31',
      vmsUser: 'hkorhonen',
      userHost: '10.20.1.15',
      cameraName: null,
      action: 'export',
      actionText: 'Exporting video',
      message: '14.3.2025 16:01:00 - 14.3.2025 16:03:00, 1 Camera',
      footageFrom: '2025-03-14T14:01:00.000Z',
      footageTo: '2025-03-14T14:03:00.000Z',
    });
  });

  it('nx-witness-json reads the API shape', async () => {
    const r = await readAll(
      { path: fixture('nx-witness.json') },
      { profile: builtInProfiles['nx-witness-json'] },
    );
    expect(r.events.map((e) => e.action)).toEqual(['playback', 'playback', 'live', 'export']);
  });

  it('genetec-activity-trail reads UTC timestamps and classifies activity names by substring', async () => {
    const r = await readAll(
      { path: fixture('genetec-activity-trail.csv') },
      { profile: builtInProfiles['genetec-activity-trail'], timeZone: undefined },
    );
    expect(r.errors).toEqual([]);
    expect(r.events.map((e) => [e.occurredAt, e.vmsUser, e.userHost, e.cameraName, e.action])).toEqual([
      ['2025-03-14T16:42:07.000Z', 'hkorhonen', 'LIB-PC-07', entrance, 'playback'],
      ['2025-03-14T16:55:31.000Z', 'hkorhonen', 'LIB-PC-07', entrance, 'export'],
      ['2025-03-14T17:00:00.250Z', 'hkorhonen', 'LIB-PC-07', entrance, 'live'],
      // No offset: the profile's zone is UTC, as the SDK's timestamps are.
      ['2025-03-14T17:05:00.000Z', 'hkorhonen', 'LIB-PC-07', null, 'other'],
    ]);
  });

  it('verkada reads its inferred columns and any of its inferred time styles', async () => {
    const r = await readAll({ path: fixture('verkada.csv') }, { profile: builtInProfiles.verkada });
    expect(r.errors).toEqual([]);
    expect(r.events.map((e) => [e.occurredAt, e.vmsUser, e.cameraName, e.action])).toEqual([
      ['2025-03-14T16:42:07.000Z', 'hkorhonen@lahti.fi', entrance, 'playback'],
      ['2025-03-14T16:55:31.000Z', 'hkorhonen@lahti.fi', entrance, 'export'],
      ['2025-03-14T17:00:00.000Z', 'mvirtanen@lahti.fi', entrance, 'live'],
    ]);
  });

  it('generic reads our own format: optional offset, case-insensitive actions, footage columns', async () => {
    const r = await readAll({ path: fixture('generic.csv') }, { profile: builtInProfiles.generic });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(
      r.events.map((e) => [e.occurredAt, e.userHost, e.cameraName, e.action, e.footageFrom, e.footageTo]),
    ).toEqual([
      [
        '2025-03-14T16:42:07.000Z',
        '10.20.1.15',
        entrance,
        'playback',
        '2025-03-14T14:00:00.000Z',
        '2025-03-14T14:05:30.000Z',
      ],
      ['2025-03-14T16:55:31.000Z', null, entrance, 'export', null, null],
      ['2025-03-14T15:59:00.000Z', '10.20.1.16', null, 'live', null, null],
      ['2025-03-14T17:10:00.000Z', '10.20.1.16', 'Omatoimi-Itä Takaovi', 'other', null, null],
    ]);
  });

  it('warns once when the camera column a profile names is missing', async () => {
    const nx = builtInProfiles['nx-witness-csv'];
    const withCamera = vmsProfileSchema.parse({
      ...nx,
      id: 'nx-cam',
      columns: { ...nx.columns, camera: 'Camera' },
    });
    const r = await readAll({ path: fixture('nx-witness.csv') }, { profile: withCamera });
    expect(r.warnings.filter((w) => w.code === 'missing_optional_column')).toEqual([
      expect.objectContaining({ line: 1, column: 'Camera' }),
    ]);
    expect(r.events).toHaveLength(5);
  });
});
