import { describe, expect, it } from 'vitest';
import { composeMail, messageIdOf } from '../../src/notifications/index.js';
import { notificationKinds, receives, requestAlert } from '../../src/notifications/outbox/index.js';

const hour = 3_600_000;
const now = new Date('2026-12-04T16:00:00Z');
const request = (hoursLeft: number) => ({
  id: 'r1',
  siteId: 's1',
  footageDeletedAt: new Date(now.getTime() + hoursLeft * hour).toISOString(),
});

describe('requestAlert', () => {
  it('names the stage by the hours left until the footage is deleted (R1), each stage its own key', () => {
    expect(requestAlert(request(26), now)).toMatchObject({
      kind: 'request_registered',
      key: 'request_registered:r1',
    });
    expect(requestAlert(request(24), now)).toMatchObject({
      kind: 'request_footage_24h',
      params: { hours: 24 },
    });
    expect(requestAlert(request(4.5), now)).toMatchObject({
      kind: 'request_footage_24h',
      params: { hours: 4 },
    });
    expect(requestAlert(request(4), now)).toMatchObject({
      kind: 'request_footage_4h',
      key: 'request_footage_4h:r1',
    });
    // Footage already gone: only the registration is told, with no hours left.
    expect(requestAlert(request(-2), now)).toMatchObject({
      kind: 'request_registered',
      params: { hours: 0 },
    });
  });
});

describe('receives', () => {
  it('sends the R1 and R2 alerts whatever was chosen, the digest only when chosen', () => {
    expect(receives([], 'request_footage_4h')).toBe(true);
    expect(receives([], 'copy_overdue')).toBe(true);
    expect(receives([], 'request_registered')).toBe(false);
    expect(receives(null, 'request_registered')).toBe(true);
    expect(receives(null, 'daily_digest')).toBe(false);
    expect(receives(['daily_digest'], 'daily_digest')).toBe(true);
  });
});

describe('composeMail', () => {
  const o = { siteName: 'Hollolan omatoimikirjasto', baseUrl: 'https://kamera.example' };
  const params = { requestId: 'r1', hours: 3 };

  it('writes each kind in the reader’s language, Finnish when none is known', () => {
    expect(composeMail('request_footage_4h', params, { ...o, language: 'sv' }).subject).toBe(
      '[BRÅDSKANDE] Under 4 h: begäran väntar på beslut, Hollolan omatoimikirjasto',
    );
    expect(composeMail('request_footage_4h', params, { ...o, language: 'en' }).subject).toBe(
      '[URGENT] Under 4 h: a request waits for a decision, Hollolan omatoimikirjasto',
    );
    const fi = composeMail('request_footage_4h', params, { ...o, language: null });
    expect(fi.subject).toBe(
      '[KIIREELLINEN] Alle 4 h: tallennepyyntö odottaa päätöstä, Hollolan omatoimikirjasto',
    );
    expect(fi.text).toContain('noin 3 tunnin päästä (R1)');
    expect(fi.text).toContain('https://kamera.example/requests/r1');
    expect(fi.text).toContain('https://kamera.example/account');
  });

  it('leaves no placeholder unfilled in any kind and language', () => {
    const all = { requestId: 'r', copyId: 'c', runId: 'u', hours: 1, days: 7, seq: 9, minutes: 12 };
    const digest = { date: '7.12.2026', requests: 1, copies: 2, findings: 3, late: 4, days: 30 };
    const counts = { viewerWithoutRight: 1, unknownVmsUser: 2 };
    for (const language of ['fi', 'sv', 'en']) {
      for (const kind of notificationKinds) {
        const mail = composeMail(kind, { ...all, ...digest, ...counts }, { ...o, language });
        expect(`${mail.subject}\n${mail.text}`, `${language} ${kind}`).not.toMatch(/\{\w+\}/);
      }
    }
  });
});

describe('messageIdOf', () => {
  it('is the same for every attempt of one notification and differs between two', () => {
    const a = messageIdOf('request_footage_24h:r1:u1', 'ledger@kirjasto.example');
    expect(a).toMatch(/^<[0-9a-f]{40}@kirjasto\.example>$/);
    expect(messageIdOf('request_footage_24h:r1:u1', 'ledger@kirjasto.example')).toBe(a);
    expect(messageIdOf('request_footage_24h:r1:u2', 'ledger@kirjasto.example')).not.toBe(a);
  });
});
