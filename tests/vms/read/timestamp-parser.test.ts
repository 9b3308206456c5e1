import fc from 'fast-check';
import { DateTime, FixedOffsetZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { builtInProfiles } from '../../../src/vms/index.js';
import { TimestampParser } from '../../../src/vms/read/timestamp-parser.js';

const naive = (iso: string) => Date.parse(`${iso}Z`);

function parse(formats: string[], text: string): { ms: number; explicit: boolean } {
  const p = new TimestampParser(formats, 'en-US');
  const ms = p.parse(text);
  return { ms, explicit: p.explicit };
}

describe('TimestampParser', () => {
  it('reads US times with AM/PM, including 12 AM and 12 PM', () => {
    const us = ['M/d/yyyy h:mm:ss a'];
    expect(parse(us, '1/31/2022 11:40:26 AM')).toEqual({ ms: naive('2022-01-31T11:40:26'), explicit: false });
    expect(parse(us, '3/14/2025 6:42:07 pm').ms).toBe(naive('2025-03-14T18:42:07'));
    expect(parse(us, '3/15/2025 12:05:31 AM').ms).toBe(naive('2025-03-15T00:05:31'));
    expect(parse(us, '3/15/2025 12:05:31 PM').ms).toBe(naive('2025-03-15T12:05:31'));
    expect(parse(us, '3/15/2025 13:05:31 PM').ms).toBeNaN();
    // Newer Windows and ICU put a narrow no-break space before AM/PM.
    expect(parse(us, '3/14/2025 6:42:07\u202fPM').ms).toBe(naive('2025-03-14T18:42:07'));
  });

  it('reads Finnish dates with ":" or "." between hours, minutes and seconds', () => {
    const fi = ['d.M.yyyy H:mm:ss', 'd.M.yyyy H.mm.ss'];
    expect(parse(fi, '14.3.2025 18:42:07').ms).toBe(naive('2025-03-14T18:42:07'));
    expect(parse(fi, '14.3.2025 18.42.07').ms).toBe(naive('2025-03-14T18:42:07'));
    expect(parse(fi, '04.03.2025 8.05.00').ms).toBe(naive('2025-03-04T08:05:00'));
  });

  it('refuses dates that do not exist and trailing junk', () => {
    const fi = ['d.M.yyyy H:mm:ss'];
    expect(parse(fi, '29.2.2025 10:00:00').ms).toBeNaN();
    expect(parse(fi, '29.2.2024 10:00:00').ms).toBe(naive('2024-02-29T10:00:00'));
    expect(parse(fi, '14.3.2025 24:00:01').ms).toBeNaN();
    expect(parse(fi, '14.3.2025 25:00:00').ms).toBeNaN();
    expect(parse(fi, '14.3.2025 18:42:07 extra').ms).toBeNaN();
    expect(parse(fi, '').ms).toBeNaN();
  });

  it('reads 24:00:00 as the next midnight, as luxon and ISO 8601 do', () => {
    expect(parse(['d.M.yyyy H:mm:ss'], '14.3.2025 24:00:00').ms).toBe(naive('2025-03-15T00:00:00'));
    expect(parse(['d.M.yyyy H:mm:ss'], '31.12.2025 24:00:00').ms).toBe(naive('2026-01-01T00:00:00'));
  });

  it('reads ISO-8601 with and without an offset; an offset makes it an instant', () => {
    expect(parse(['iso'], '2025-03-14T18:42:07')).toEqual({
      ms: naive('2025-03-14T18:42:07'),
      explicit: false,
    });
    expect(parse(['iso'], '2025-03-14 18:42:07.5')).toEqual({
      ms: naive('2025-03-14T18:42:07.500'),
      explicit: false,
    });
    expect(parse(['iso'], '2025-03-14T18:42:07+02:00')).toEqual({
      ms: naive('2025-03-14T16:42:07'),
      explicit: true,
    });
    expect(parse(['iso'], '2025-03-14T16:42:07Z')).toEqual({
      ms: naive('2025-03-14T16:42:07'),
      explicit: true,
    });
    expect(parse(['iso'], '2025-03-14T18:42:07+0200').ms).toBe(naive('2025-03-14T16:42:07'));
    // A shape the fast path does not take goes to luxon: a week date.
    expect(parse(['iso'], '2025-W11-5T18:42:07').ms).toBe(naive('2025-03-14T18:42:07'));
  });

  it('reads epoch seconds and milliseconds as instants', () => {
    expect(parse(['epoch-seconds'], '1741970527')).toEqual({ ms: 1741970527000, explicit: true });
    expect(parse(['epoch-millis'], '1741970527123')).toEqual({ ms: 1741970527123, explicit: true });
    expect(parse(['epoch-seconds'], 'soon').ms).toBeNaN();
  });

  it('falls back to luxon for tokens the fast path does not know (month names, offsets)', () => {
    expect(parse(['d MMM yyyy HH:mm'], '14 Mar 2025 18:42').ms).toBe(naive('2025-03-14T18:42:00'));
    const fi = new TimestampParser(['d. MMMM yyyy H.mm'], 'fi');
    expect(fi.parse('14. maaliskuuta 2025 18.42')).toBe(naive('2025-03-14T18:42:00'));
    expect(parse(['yyyy-MM-dd HH:mm:ss ZZ'], '2025-03-14 18:42:07 +02:00')).toEqual({
      ms: naive('2025-03-14T16:42:07'),
      explicit: true,
    });
  });

  it('keeps to the format that first matched in a file, so 3/4 reads the same way on every row', () => {
    const p = new TimestampParser(['M/d/yyyy H:mm', 'd/M/yyyy H:mm'], 'en-US');
    expect(p.parse('13/4/2025 10:00')).toBe(naive('2025-04-13T10:00:00')); // only d/M fits
    expect(p.parse('3/4/2025 10:00')).toBe(naive('2025-04-03T10:00:00')); // both fit: d/M sticks
    const fresh = new TimestampParser(['M/d/yyyy H:mm', 'd/M/yyyy H:mm'], 'en-US');
    expect(fresh.parse('3/4/2025 10:00')).toBe(naive('2025-03-04T10:00:00')); // profile order first
  });

  it('reads a workbook number as an Excel serial date, unless the profile has an epoch format', () => {
    const local = new TimestampParser(['iso'], 'en-US');
    expect(local.parseNumber(45730.8, true)).toBe(naive('2025-03-14T19:12:00'));
    expect(local.explicit).toBe(false);
    const epoch = new TimestampParser(['epoch-seconds'], 'en-US');
    expect(epoch.parseNumber(1741970527, true)).toBe(1741970527000);
    expect(epoch.explicit).toBe(true);
  });
});

/**
 * The common formats run on a compiled regular expression instead of luxon (an import may have a
 * million rows): it must read every text exactly as luxon would, or fall back to luxon.
 */
describe('TimestampParser compiled formats', () => {
  const profileFormats = Object.values(builtInProfiles).flatMap((p) => p.timestamps.formats);
  const formats = [
    ...new Set([
      ...profileFormats.filter((f) => f !== 'iso' && !f.startsWith('epoch-')),
      'yyyy-MM-dd HH:mm:ss.SSS',
      'd.M.yyyy H:mm:ss.S',
      'yyyy-MM-dd HH:mm:ssZZ',
      'yyyy-MM-dd HH:mm:ss ZZZ',
      'yyyy-MM-dd HH:mm:ss Z',
    ]),
  ];
  const luxonMs = (text: string, format: string) => {
    const dt = DateTime.fromFormat(text, format, { zone: 'UTC', locale: 'en-US' });
    return dt.isValid ? dt.toMillis() : Number.NaN;
  };

  it.each(formats)('reads "%s" as luxon does, for any time luxon writes in it', (format) => {
    const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z') });
    // Whole quarter hours from -12:00 to +14:00; only formats with an offset show it.
    const offset = fc.integer({ min: -48, max: 56 }).map((q) => q * 15);
    fc.assert(
      fc.property(instant, offset, (at, minutes) => {
        const text = DateTime.fromJSDate(at)
          .setZone(FixedOffsetZone.instance(minutes))
          .toFormat(format, { locale: 'en-US' });
        expect(new TimestampParser([format], 'en-US').parse(text), text).toBe(luxonMs(text, format));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses the field values luxon refuses, and reads the others alike', () => {
    const format = 'd.M.yyyy H:mm:ss';
    const field = (max: number) => fc.integer({ min: 0, max });
    fc.assert(
      fc.property(
        field(32),
        field(13),
        fc.integer({ min: 1000, max: 2100 }),
        field(25),
        field(61),
        field(61),
        (d, m, y, h, mi, s) => {
          const text = `${d}.${m}.${y} ${h}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
          expect(new TimestampParser([format], 'en-US').parse(text), text).toBe(luxonMs(text, format));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
