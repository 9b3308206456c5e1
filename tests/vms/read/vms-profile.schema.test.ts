import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { builtInProfiles, vmsProfileSchema } from '../../../src/vms/index.js';
import { fixture, readAll } from './read-all.js';

describe('vmsProfileSchema', () => {
  it('lets a responsible person add a format as JSON, with no code change', async () => {
    const json: unknown = JSON.parse(await readFile(fixture('custom-profile.json'), 'utf8'));
    const profile = vmsProfileSchema.parse(json);
    const r = await readAll({ path: fixture('custom-axis.csv') }, { profile });
    expect(r.errors).toEqual([]);
    expect(r.stats.encoding).toBe('windows-1252');
    expect(
      r.events.map((e) => [e.line, e.occurredAt, e.vmsUser, e.userHost, e.cameraName, e.action]),
    ).toEqual([
      [2, '2025-03-14T16:42:07.000Z', 'hkorhonen', 'LIB-PC-07', 'Omatoimi-Itä Sisäänkäynti', 'playback'],
      [3, '2025-03-14T16:55:31.000Z', 'hkorhonen', 'LIB-PC-07', 'Omatoimi-Itä Sisäänkäynti', 'export'],
      [4, '2025-03-14T17:00:00.000Z', 'hkorhonen', 'LIB-PC-07', 'Omatoimi-Itä Sisäänkäynti', 'other'],
    ]);
    expect([r.events[0]?.footageFrom, r.events[0]?.footageTo]).toEqual([
      '2025-03-14T14:00:00.000Z',
      '2025-03-14T14:05:30.000Z',
    ]);
  });

  it('fills in defaults: auto delimiter and encoding, exact action matching, en-US locale', () => {
    const p = vmsProfileSchema.parse({
      id: 'minimal',
      label: 'Minimal',
      format: 'csv',
      columns: { time: 'When', user: 'Who', action: 'What' },
      timestamps: { formats: ['iso'] },
      actions: { playback: ['view'] },
    });
    expect(p).toMatchObject({
      delimiter: 'auto',
      encoding: 'auto',
      forwardFill: [],
      timestamps: { locale: 'en-US' },
      actions: { match: 'exact', playback: ['view'], export: [], live: [] },
    });
  });

  it('refuses profiles that could not work', () => {
    const good = builtInProfiles.generic;
    const bad = (patch: object) => vmsProfileSchema.safeParse({ ...good, ...patch }).success;
    expect(bad({})).toBe(true);
    expect(bad({ timestamps: { formats: ['iso'], timeZone: 'Europe/Lahti' } })).toBe(false);
    expect(bad({ timestamps: { formats: [] } })).toBe(false);
    expect(bad({ encoding: 'klingon-8' })).toBe(false);
    expect(bad({ delimiter: '"' })).toBe(false);
    expect(bad({ delimiter: ';;' })).toBe(false);
    expect(bad({ format: 'pdf' })).toBe(false);
    expect(bad({ id: 'Has Spaces' })).toBe(false);
    expect(bad({ columns: { time: 'time', action: 'action' } })).toBe(false);
    expect(bad({ footage: { messagePattern: '(unclosed' } })).toBe(false);
    expect(bad({ footage: { messagePattern: '(\\S+) - (\\S+)' } })).toBe(false);
    expect(bad({ footage: { messagePattern: '(?<from>\\S+) - (?<to>\\S+)' } })).toBe(true);
    expect(bad({ format: 'nx-json', columns: { ...good.columns, date: 'date' } })).toBe(false);
  });
});
