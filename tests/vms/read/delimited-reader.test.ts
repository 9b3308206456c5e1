import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { builtInProfiles, vmsProfileSchema } from '../../../src/vms/index.js';
import { chunkedStream, fixture, readAll } from './read-all.js';

const milestone = builtInProfiles['milestone-xprotect'];
const generic = builtInProfiles.generic;
const nx = builtInProfiles['nx-witness-csv'];

describe('readVmsFile on delimited text', () => {
  it('reads UTF-16LE tab-separated "Unicode text" with BOM and CRLF', async () => {
    const r = await readAll({ path: fixture('milestone-utf16le.txt') }, { profile: milestone });
    expect(r.errors).toEqual([]);
    expect(r.stats).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', format: 'csv' });
    expect(r.rowsRead).toBe(3);
    expect(r.events.map((e) => [e.line, e.cameraName, e.occurredAt])).toEqual([
      [2, 'Omatoimi-Itä Sisäänkäynti', '2025-03-14T16:42:07.000Z'],
      [3, 'Omatoimi-Itä Sisäänkäynti', '2025-03-14T16:55:31.000Z'],
      [4, 'LIB-VMS-01', '2025-03-14T21:02:00.000Z'],
    ]);
  });

  it('reads UTF-8 with BOM, commas, quoted fields and newlines inside quotes, keeping line numbers right', async () => {
    const r = await readAll({ path: fixture('milestone-utf8-bom.csv') }, { profile: milestone });
    expect(r.errors).toEqual([]);
    expect(r.stats).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
    // Record 2 spans lines 3-5, line 6 is blank: the third record starts on line 7.
    expect(r.events.map((e) => e.line)).toEqual([2, 3, 7]);
    expect(r.rowsRead).toBe(3);
    expect(r.events[1]?.message).toBe('Playback of recordings\r\nsequence 2\r\nsequence 3');
    expect(r.events[2]?.cameraName).toBe('Lahti "Pääkirjasto", sali');
    // 12:05:31 AM is just after midnight.
    expect(r.events[2]?.occurredAt).toBe('2025-03-14T22:05:31.000Z');
    expect(r.events[2]?.vmsUser).toBe('DOMAIN\\mvirtanen');
  });

  it('falls back to Windows-1252 for text that is not UTF-8, with ";" and Finnish dates using "."', async () => {
    const r = await readAll({ path: fixture('milestone-windows-1252.csv') }, { profile: milestone });
    expect(r.errors).toEqual([]);
    expect(r.stats).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(r.events.map((e) => [e.rawTime, e.occurredAt, e.cameraName])).toEqual([
      ['14.3.2025 18.42.07', '2025-03-14T16:42:07.000Z', 'Omatoimi-Itä Sisäänkäynti'],
      ['14.3.2025 18:55:31', '2025-03-14T16:55:31.000Z', 'Omatoimi-Itä Sisäänkäynti'],
    ]);
  });

  it('forward-fills the Nx Date column and pulls the footage range out of the description', async () => {
    const r = await readAll({ path: fixture('nx-witness.csv') }, { profile: nx });
    expect(r.errors).toEqual([]);
    expect(r.rowsRead).toBe(5);
    expect(r.events.map((e) => [e.line, e.rawTime, e.occurredAt, e.action, e.cameraName])).toEqual([
      [2, '14.3.2025 18:42:07', '2025-03-14T16:42:07.000Z', 'playback', null],
      [3, '14.3.2025 18:55:31', '2025-03-14T16:55:31.000Z', 'export', null],
      [4, '14.3.2025 19.02.10', '2025-03-14T17:02:10.000Z', 'live', null],
      [5, '15.3.2025 08:00:00', '2025-03-15T06:00:00.000Z', 'other', null],
      [6, '15.3.2025 08:10:00', '2025-03-15T06:10:00.000Z', 'playback', null],
    ]);
    expect([r.events[0]?.footageFrom, r.events[0]?.footageTo]).toEqual([
      '2025-03-14T14:00:00.000Z',
      '2025-03-14T14:05:30.000Z',
    ]);
    // An unreadable end of range keeps the event, without that end, and says so.
    expect([r.events[4]?.footageFrom, r.events[4]?.footageTo]).toEqual(['2025-03-15T05:00:00.000Z', null]);
    expect(r.warnings).toEqual([
      expect.objectContaining({ line: 6, column: 'Description', code: 'bad_footage_time' }),
    ]);
  });

  it('reads the same events whatever the chunk boundaries (1, 2 and 7 bytes at a time)', async () => {
    for (const name of ['milestone-utf8-bom.csv', 'milestone-utf16le.txt', 'milestone-windows-1252.csv']) {
      const whole = await readAll({ path: fixture(name) }, { profile: milestone });
      for (const size of [1, 2, 7]) {
        const chunked = await readAll(await chunkedStream(name, size), { profile: milestone });
        expect(chunked.events, `${name} in ${size}-byte chunks`).toEqual(whole.events);
        expect(chunked.rowsRead).toBe(whole.rowsRead);
      }
    }
  });

  it('accepts a Node stream as input, as well as a path', async () => {
    const r = await readAll(createReadStream(fixture('nx-witness.csv')), { profile: nx });
    expect(r.events).toHaveLength(5);
  });

  it('decodes a field that is valid UTF-8 as UTF-8 even when another field is Windows-1252', async () => {
    const header = Buffer.from('time,user,camera,action\n');
    const utf8Row = Buffer.from('2025-03-14T18:42:07,hkorhonen,Omatoimi-Itä,playback\n', 'utf8');
    const latinRow = Buffer.from('2025-03-14T18:43:07,hkorhonen,Omatoimi-Itä,playback\n', 'latin1');
    const r = await readAll(Readable.from([Buffer.concat([header, utf8Row, latinRow])]), {
      profile: generic,
    });
    expect(r.events.map((e) => e.cameraName)).toEqual(['Omatoimi-Itä', 'Omatoimi-Itä']);
    expect(r.stats.encoding).toBe('utf-8 and windows-1252');
  });

  it('honours an encoding the profile names instead of guessing', async () => {
    const latin = vmsProfileSchema.parse({ ...milestone, id: 'milestone-latin', encoding: 'windows-1252' });
    const r = await readAll({ path: fixture('milestone-windows-1252.csv') }, { profile: latin });
    expect(r.events[0]?.cameraName).toBe('Omatoimi-Itä Sisäänkäynti');
    expect(r.stats.encoding).toBe('windows-1252');
  });
});

describe('readVmsFile on malformed text', () => {
  it('reports a 0-byte file as empty_file', async () => {
    const r = await readAll({ path: fixture('empty.csv') }, { profile: generic });
    expect(r.errors).toEqual([expect.objectContaining({ line: 1, code: 'empty_file' })]);
    expect(r.events).toEqual([]);
    expect(r.rowsRead).toBe(0);
  });

  it('reports a file of blank lines as empty_file', async () => {
    const r = await readAll({ path: fixture('blank-lines-only.csv') }, { profile: generic });
    expect(r.errors.map((e) => e.code)).toEqual(['empty_file']);
  });

  it('reports a binary file as binary_file without reading further', async () => {
    const r = await readAll({ path: fixture('binary.bin') }, { profile: milestone });
    expect(r.errors).toEqual([expect.objectContaining({ line: 1, code: 'binary_file' })]);
    expect(r.events).toEqual([]);
  });

  it('reports a workbook given as a stream as binary_file, pointing at the path', async () => {
    const r = await readAll(createReadStream(fixture('milestone.xlsx')), { profile: milestone });
    expect(r.errors).toEqual([expect.objectContaining({ code: 'binary_file' })]);
    expect(r.errors[0]?.message).toMatch(/file path/);
  });

  it('reports a header that splits into one column as wrong_delimiter (auto-detection)', async () => {
    const r = await readAll({ path: fixture('one-column.txt') }, { profile: milestone });
    expect(r.errors).toEqual([expect.objectContaining({ line: 1, code: 'wrong_delimiter' })]);
    expect(r.rowsRead).toBe(0);
  });

  it('reports wrong_delimiter when a profile fixes ";" and the file uses ",", naming the likely one', async () => {
    const semicolon = vmsProfileSchema.parse({ ...nx, id: 'nx-strict', delimiter: ';' });
    const r = await readAll({ path: fixture('nx-comma.csv') }, { profile: semicolon });
    expect(r.errors).toEqual([expect.objectContaining({ line: 1, code: 'wrong_delimiter' })]);
    expect(r.errors[0]?.message).toContain('","');
    // The same file reads with the built-in profile, which detects the delimiter.
    const auto = await readAll({ path: fixture('nx-comma.csv') }, { profile: nx });
    expect(auto.errors).toEqual([]);
    expect(auto.events).toHaveLength(5);
  });

  it('reports a missing required column on line 1, naming it, and reads no rows', async () => {
    const r = await readAll({ path: fixture('missing-column.csv') }, { profile: milestone });
    expect(r.errors).toEqual([
      { line: 1, column: 'User', code: 'missing_column', message: expect.stringContaining('"User"') },
    ]);
    expect(r.events).toEqual([]);
    expect(r.rowsRead).toBe(0);
  });

  it('rejects bad rows with line and column, and keeps the good ones', async () => {
    const r = await readAll({ path: fixture('bad-rows.csv') }, { profile: generic });
    expect(r.events.map((e) => e.line)).toEqual([2, 7]);
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, 'time', 'bad_time'],
      [4, 'user', 'missing_value'],
      [5, 'footage_from', 'bad_time'],
      [6, 'time', 'bad_time'], // 30 February
    ]);
    expect(r.rowsRead).toBe(6);
  });

  it('stops at a quote that is never closed, with an error on the line where it opens', async () => {
    const r = await readAll({ path: fixture('unterminated-quote.csv') }, { profile: generic });
    expect(r.events.map((e) => e.line)).toEqual([2]);
    expect(r.errors).toEqual([expect.objectContaining({ line: 3, code: 'unterminated_quote' })]);
  });

  it('gives up on a runaway quoted field after 1 MiB instead of buffering the rest of the file', async () => {
    const rows = Array.from({ length: 1600 }, (_, i) => `2025-03-14T18:42:07,u${i},cam,playback,x\n`).join(
      '',
    );
    let pulled = 0;
    async function* source() {
      yield Buffer.from('time,user,camera,action,message\n2025-03-14T18:42:07,u,cam,playback,"open\n');
      for (let i = 0; i < 200; i++) {
        pulled++;
        yield Buffer.from(rows); // ~64 KB each, ~13 MB in all
      }
    }
    const r = await readAll(Readable.from(source()), { profile: generic });
    expect(r.errors).toEqual([expect.objectContaining({ line: 2, code: 'unterminated_quote' })]);
    expect(pulled).toBeLessThan(60); // 1 MiB is ~16 chunks, plus what Readable.from reads ahead
  });
});
