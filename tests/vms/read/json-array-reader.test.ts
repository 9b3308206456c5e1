import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { builtInProfiles } from '../../../src/vms/index.js';
import { chunkedStream, fixture, readAll } from './read-all.js';

const nxJson = builtInProfiles['nx-witness-json'];

function fromText(text: string): Readable {
  return Readable.from([Buffer.from(text, 'utf8')]);
}

describe('readVmsFile on the Nx Witness API JSON', () => {
  it('reads epoch seconds, the auth session, one event per camera id, and footage ranges', async () => {
    const r = await readAll({ path: fixture('nx-witness.json') }, { profile: nxJson });
    expect(r.stats.format).toBe('json');
    expect(r.rowsRead).toBe(4);
    expect(
      r.events.map((e) => [e.line, e.occurredAt, e.vmsUser, e.userHost, e.cameraName, e.action]),
    ).toEqual([
      [1, '2025-03-14T16:42:07.000Z', 'hkorhonen', '10.20.1.15', '{3f1c-cam-1}', 'playback'],
      [1, '2025-03-14T16:42:07.000Z', 'hkorhonen', '10.20.1.15', '{3f1c-cam-2}', 'playback'],
      [2, '2025-03-14T16:55:31.000Z', 'mvirtanen', '10.20.1.16', null, 'live'],
      [3, '2025-03-14T16:57:00.000Z', 'hkorhonen', '10.20.1.15', '{3f1c-cam-1}', 'export'],
    ]);
    expect([r.events[0]?.footageFrom, r.events[0]?.footageTo]).toEqual([
      '2025-03-14T16:00:00.000Z',
      '2025-03-14T16:05:30.000Z',
    ]);
    // rangeStartSec 0 means no range.
    expect([r.events[2]?.footageFrom, r.events[2]?.footageTo]).toEqual([null, null]);
    // Brackets and braces inside strings do not end the element.
    expect(r.events[3]?.message).toBe('name="clip ]}" , {x}');
    expect(r.errors).toEqual([
      expect.objectContaining({ line: 4, column: 'authSession.userName', code: 'missing_value' }),
    ]);
  });

  it('reads the same whatever the chunk boundaries', async () => {
    const whole = await readAll({ path: fixture('nx-witness.json') }, { profile: nxJson });
    for (const size of [1, 3, 64]) {
      const chunked = await readAll(await chunkedStream('nx-witness.json', size), { profile: nxJson });
      expect(chunked.events).toEqual(whole.events);
    }
  });

  it('reads an empty array as no rows, and non-ASCII text as UTF-8', async () => {
    expect((await readAll(fromText(' [ ] '), { profile: nxJson })).errors).toEqual([]);
    const r = await readAll(
      fromText(
        '[{"createdTimeSec":1741970527,"eventType":"AR_ViewArchive","resources":["Omatoimi-Itä"],' +
          '"authSession":{"userName":"hkorhonen"}}]',
      ),
      { profile: nxJson },
    );
    expect(r.events[0]?.cameraName).toBe('Omatoimi-Itä');
  });

  it('reports JSON that is not an array, is cut short, or has a non-object element', async () => {
    const notArray = await readAll(fromText('{"reply": []}'), { profile: nxJson });
    expect(notArray.errors.map((e) => e.code)).toEqual(['bad_json']);
    const cut = await readAll(
      fromText('[{"createdTimeSec":1741970527,"authSession":{"userName":"u"}}, {"createdTim'),
      { profile: nxJson },
    );
    expect(cut.events).toHaveLength(1);
    expect(cut.errors).toEqual([expect.objectContaining({ code: 'bad_json', line: 2 })]);
    const scalar = await readAll(
      fromText('[42, {"createdTimeSec":1741970527,"eventType":"x","authSession":{"userName":"u"}}]'),
      { profile: nxJson },
    );
    expect(scalar.errors).toEqual([expect.objectContaining({ code: 'bad_record', line: 1 })]);
    expect(scalar.events.map((e) => e.line)).toEqual([2]);
    const broken = await readAll(fromText('[{"createdTimeSec": 1,,}]'), { profile: nxJson });
    expect(broken.errors).toEqual([expect.objectContaining({ code: 'bad_record', line: 1 })]);
  });

  it('reports a 0-byte JSON file as empty_file', async () => {
    const r = await readAll({ path: fixture('empty.csv') }, { profile: nxJson });
    expect(r.errors.map((e) => e.code)).toEqual(['empty_file']);
  });
});
