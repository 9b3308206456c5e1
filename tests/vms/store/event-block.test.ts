import { describe, expect, it } from 'vitest';
import {
  decodeEventBlock,
  decodeEventDetails,
  type EventColumns,
  encodeEventBlock,
  NO_TEXT,
} from '../../../src/vms/store/event-block.js';

const columns: EventColumns = {
  strings: ['hkorhonen', 'Pääovi', 'playback', 'Playback', 'Toisto', '10.0.0.7'],
  time: [1_754_000_000_000, 1_754_000_000_000, 1_754_000_030_500, 1_753_999_990_000],
  rawTime: ['8/1/2025 1:13:20 AM', '8/1/2025 1:13:20 AM', '8/1/2025 1:13:50 AM', '8/1/2025 1:13:10 AM'],
  user: [0, 0, 0, 0],
  host: [5, NO_TEXT, 5, 5],
  camera: [1, 1, NO_TEXT, 1],
  action: [2, 2, 2, 2],
  actionText: [3, 3, 4, 3],
  message: [NO_TEXT, 4, 4, 4],
  footageFrom: [null, 1_753_990_000_000, null, null],
  footageTo: [null, 1_753_990_060_000, null, null],
  line: [2, 3, 7, 5],
};

const stored = (first_event_id: number, texts: { events: string; details: string }, event_count = 4) => ({
  first_event_id,
  import_id: 'import-1',
  site_id: 'site-1',
  event_count,
  ...texts,
});

/**
 * A block is two JSON texts of columns (format 1), times and lines as differences to the row
 * before. The reconciliation's findings rest on reading them back exactly, so a block that this
 * version cannot read, or whose length is not the stored count, throws instead of being guessed.
 */
describe('event blocks (format 1)', () => {
  it('reads back every column of every event, out of time order too', () => {
    const row = stored(41, encodeEventBlock(columns));
    const { strings, time, user, camera, action, footageFrom, footageTo, ...details } = columns;
    expect(decodeEventBlock(row)).toEqual({
      firstEventId: 41,
      importId: 'import-1',
      siteId: 'site-1',
      count: 4,
      strings,
      time,
      user,
      camera,
      action,
      footageFrom,
      footageTo,
    });
    const { host, actionText, message, line, rawTime } = details;
    expect(decodeEventDetails(row)).toEqual({ rawTime, host, actionText, message, line });
  });

  it('stores no footage columns when no event has footage', () => {
    const none = {
      ...columns,
      footageFrom: columns.time.map(() => null),
      footageTo: columns.time.map(() => null),
    };
    const block = decodeEventBlock(stored(1, encodeEventBlock(none)));
    expect([block.footageFrom, block.footageTo]).toEqual([null, null]);
  });

  it('refuses a block of another format, or of another length than its stored count', () => {
    const texts = encodeEventBlock(columns);
    const format2 = { ...texts, events: texts.events.replace('{"v":1,', '{"v":2,') };
    expect(() => decodeEventBlock(stored(9, format2))).toThrow(
      'camera-system event block 9 has format 2 and 4 events; expected format 1 and 4',
    );
    expect(() => decodeEventBlock(stored(9, texts, 5))).toThrow('expected format 1 and 5');
    expect(() => decodeEventDetails(stored(9, texts, 3))).toThrow('has format 1 and 4 events');
  });
});
