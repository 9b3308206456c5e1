import { describe, expect, it } from 'vitest';
import {
  DateOnly,
  parseDecision,
  parseGrounds,
  parseTimeOfDay,
  parseYesNo,
  plainCell,
  readDateTime,
  toInstant,
} from '../../src/ledger-import/import-values.js';
import { matterFromText } from '../../src/ledger-import/matter-text.js';
import type { Grounds } from '../../src/protocol/index.js';

const instant = (v: Parameters<typeof readDateTime>[0]) => {
  const read = readDateTime(v);
  if (!read) return null;
  const t = toInstant(read);
  return t.ok ? t.at.iso : t.message;
};

describe('reading Finnish dates and times', () => {
  it.each([
    ['12.3.2026 14.30', '2026-03-12T12:30:00.000Z'],
    ['12.3.2026 14:30', '2026-03-12T12:30:00.000Z'],
    ['12.03.2026 klo 14.30', '2026-03-12T12:30:00.000Z'],
    ['to 12.3.2026 14.30.15', '2026-03-12T12:30:15.000Z'],
    ['1.7.26 9.05', '2026-07-01T06:05:00.000Z'],
    ['2026-07-01 09:05', '2026-07-01T06:05:00.000Z'],
    ['2026-07-01T09:05:00+03:00', '2026-07-01T06:05:00.000Z'],
    ['2026-07-01T06:05:00Z', '2026-07-01T06:05:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(instant(text)).toBe(iso);
  });

  it('reads Excel date cells and serial numbers as Helsinki wall-clock time', () => {
    expect(instant(new Date(Date.UTC(2026, 2, 12, 14, 30)))).toBe('2026-03-12T12:30:00.000Z');
    // a date-time cell at midnight is a time; a cell formatted as a date only is not
    expect(readDateTime(new Date(Date.UTC(2026, 2, 12)))).toMatchObject({ kind: 'wall', hasTime: true });
    expect(readDateTime(new DateOnly(new Date(Date.UTC(2026, 2, 12))))).toMatchObject({
      kind: 'wall',
      hasTime: false,
    });
    expect(plainCell(new Date(0), 'd.m.yyyy h:mm')).toBeInstanceOf(Date);
    expect(plainCell(new Date(0), 'd.m.yyyy')).toBeInstanceOf(DateOnly);
    expect(plainCell(new Date(0), '[$-40B]d. mmmm"ta "yyyy')).toBeInstanceOf(DateOnly);
    expect(instant(46093.6041666667)).toBe('2026-03-12T12:30:00.000Z');
  });

  it('says what is wrong with a bad date', () => {
    expect(instant('31.2.2026 14.30')).toBe('“31.2.2026 14.30” is not a valid date and time');
    expect(instant('eilen illalla')).toBe(
      '“eilen illalla” is not a date and time (write e.g. 12.3.2026 14.30)',
    );
    expect(instant('29.3.2026 3.30')).toBe(
      '2026-03-29 03:30 did not exist in Europe/Helsinki (the clocks went forward)',
    );
    expect(instant(-1)).toBe('-1 is not a date');
    expect(readDateTime('')).toBeNull();
    expect(readDateTime('12.3.2026')).toMatchObject({ kind: 'wall', hasTime: false });
  });

  it('reads a time of day', () => {
    expect(parseTimeOfDay('14.30')).toEqual({ h: 14, m: 30, s: 0 });
    expect(parseTimeOfDay('klo 9:05')).toEqual({ h: 9, m: 5, s: 0 });
    expect(parseTimeOfDay(0.5)).toEqual({ h: 12, m: 0, s: 0 });
    expect(parseTimeOfDay(new Date(Date.UTC(1899, 11, 30, 8, 15)))).toEqual({ h: 8, m: 15, s: 0 });
    expect(parseTimeOfDay('25.00')).toBeNull();
  });

  it('finds the footage time inside item 2 written as one text', () => {
    const range = matterFromText('Ilkivalta sisäänkäynnillä 11.3.2026 klo 22.00–22.30 (arviolta)');
    expect(range).toMatchObject({
      description: 'Ilkivalta sisäänkäynnillä',
      from: { ok: true, at: { iso: '2026-03-11T20:00:00.000Z' } },
      to: { ok: true, at: { iso: '2026-03-11T20:30:00.000Z' } },
      estimated: true,
    });
    expect(matterFromText('Varkaus 26.10.2026 16.00')).toMatchObject({
      description: 'Varkaus',
      estimated: false,
    });
    expect(matterFromText('Varkaus eilen')).toBeNull();
  });

  it('splits the register notice’s own writing into the matter and its period, hours only as an estimate', () => {
    const at = (iso: string) => ({ ok: true, at: { iso } });
    // 13.10.2026 is summer time (UTC+3)
    expect(matterFromText('Ilkivalta pihalla 13.10.2026 klo 21-22')).toMatchObject({
      description: 'Ilkivalta pihalla',
      from: at('2026-10-13T18:00:00.000Z'),
      to: at('2026-10-13T19:00:00.000Z'),
      estimated: true,
    });
    expect(matterFromText('Kaatuminen portaissa ma 2.11.2026 kello 9:15–9:40')).toMatchObject({
      description: 'Kaatuminen portaissa',
      from: at('2026-11-02T07:15:00.000Z'),
      to: at('2026-11-02T07:40:00.000Z'),
      estimated: false,
    });
    expect(matterFromText('Skadegörelse vid entrén 5.11.2026 kl. 23-01')).toMatchObject({
      description: 'Skadegörelse vid entrén',
      from: at('2026-11-05T21:00:00.000Z'),
      to: at('2026-11-05T23:00:00.000Z'), // past midnight: the next day
      estimated: true,
    });
    expect(matterFromText('Stöld 2026-11-05 kl 14')).toMatchObject({
      description: 'Stöld',
      from: at('2026-11-05T12:00:00.000Z'),
      to: at('2026-11-05T13:00:00.000Z'),
      estimated: true,
    });
    expect(matterFromText('13/10/2026 klo 7.05, polkupyörävarkaus')).toMatchObject({
      description: 'polkupyörävarkaus',
      estimated: false,
    });
    expect(matterFromText('Ovi rikottu noin 14.10.26 klo 3.30')).toMatchObject({ estimated: true });
    // a number after a date is a time only after klo, or as a range
    expect(matterFromText('Ilkivalta 13.10.2026 2 henkilöä')).toBeNull();
    expect(matterFromText('Ilkivalta 31.2.2026 klo 21-22')).toBeNull();
  });
});

describe('reading grounds, decisions and yes/no', () => {
  it('knows grounds as libraries write them, and lets a mapping file say otherwise', () => {
    const g = (text: string, mapped?: Record<string, Grounds>) => parseGrounds(text, mapped)?.grounds;
    expect(g('Tapaturman selvittäminen')).toBe('accident_investigation');
    expect(g('Rikoksen selvittäminen')).toBe('crime_investigation');
    expect(g('Poliisin pyyntö')).toBe('police_request');
    expect(g('Brottsutredning')).toBe('crime_investigation');
    expect(g('Polisens begäran')).toBe('police_request');
    expect(g('Uhkatilanne')).toBe('danger_or_threat');
    expect(g('Rekisteröidyn tarkastuspyyntö')).toBe('data_subject_request');
    expect(parseGrounds('Poliisin pyynnöstä: varkaus aulassa', undefined)).toEqual({
      grounds: 'police_request',
      rest: 'varkaus aulassa',
    });
    expect(g('Ilkivalta', { ilkivalta: 'danger_or_threat' })).toBe('danger_or_threat');
    expect(g('Selvitys')).toBeUndefined();
  });

  it('knows the R9 categories by code and by label in Finnish, Swedish and English', () => {
    expect(parseGrounds('police_request', undefined)).toEqual({ grounds: 'police_request', rest: '' });
    expect(parseGrounds('Poliisin pyyntö', undefined)).toEqual({ grounds: 'police_request', rest: '' });
    expect(parseGrounds('polisens begäran', undefined)).toEqual({ grounds: 'police_request', rest: '' });
    expect(parseGrounds('Crime investigation', undefined)).toEqual({
      grounds: 'crime_investigation',
      rest: '',
    });
    expect(parseGrounds('Rikoksen selvittäminen: ilkivalta', undefined)).toEqual({
      grounds: 'crime_investigation',
      rest: 'ilkivalta',
    });
    expect(parseGrounds('Häiriö', { häiriö: 'danger_or_threat' })).toEqual({
      grounds: 'danger_or_threat',
      rest: '',
    });
    expect(parseGrounds('Uteliaisuus', undefined)).toBeNull();
  });

  it('reads decisions and yes/no in the three languages', () => {
    expect(['hyväksytty', 'godkänd', 'Accepted'].map(parseDecision)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect(['hylätty', 'avslagen', 'rejected'].map(parseDecision)).toEqual([
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(parseDecision('ehkä')).toBe('bad');
    expect(parseDecision(null)).toBeNull();
    expect(['kyllä', 'ja', 'yes', 'x', true].map(parseYesNo)).toEqual([true, true, true, true, true]);
    expect(['ei', 'nej', 'no', false].map(parseYesNo)).toEqual([false, false, false, false]);
    expect(parseYesNo('')).toBeNull();
    expect(parseYesNo('ehkä')).toBe('bad');
  });
});
