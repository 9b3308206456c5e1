import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMailTransport, deliverClaimed, sendSettingsOf } from '../../src/notifications/index.js';
import { claimDue } from '../../src/notifications/outbox/index.js';
import { adminPassword, call, startTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { entryBody, requestBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';
import { TestRelay } from '../helpers/smtp-relay.js';
import { PageClient } from '../helpers/web.js';

const hour = 3_600_000;

/** Text no mail may carry: a data subject's card and plate, the requester and the ledger's words. */
const planted = {
  card: '4420917736',
  plate: 'ZXQ-917',
  requester: 'Constable Plantedname Q',
  contact: 'planted.contact@poliisi.example',
  reference: 'PLANTREF/8812/26',
  basis: 'Plantedbasis lawtext 9:9',
  description: 'Plantdescription broken glass',
  justification: 'Plantjustification of the viewing',
};

describeEachDialect('notifications by e-mail', (dialect) => {
  const relay = new TestRelay();
  let t: TestApp;
  let f: SiteFixture;
  let svResponsible: { id: string; token: string };
  const addresses = {
    fi: 'vastuu.fi@kirjasto.example',
    sv: 'ansvar.sv@kirjasto.example',
    viewer: 'katsoja@kirjasto.example',
    other: 'toinen@kirjasto.example',
    auditor: 'tarkastaja@kirjasto.example',
  };
  const t0 = new Date('2026-12-04T16:00:00.000Z'); // a Friday evening in Helsinki

  beforeAll(async () => {
    await relay.start();
    t = await startTestApp(dialect, {
      ...relay.settings(),
      SMTP_FROM: 'kameravalvonta@kirjasto.example',
      NOTIFY_BASE_URL: 'https://kameravalvonta.kirjasto.example/',
      NOTIFY_INTERVAL_SECONDS: '0',
    });
    await t.setNow(new Date(t0.getTime() - 2 * 86_400_000));
    f = await siteWithStaff(t, new Date(t0.getTime() - 3 * 86_400_000));
    svResponsible = await t.user(['responsible'], [f.siteId], { email: addresses.sv });
    const otherSite = await t.site();
    await t.user(['responsible'], [otherSite], { email: addresses.other });
    await t.user(['auditor'], [], { email: addresses.auditor });
    await t.user(['responsible'], [f.siteId]); // no address: gets nothing, and nothing fails
    for (const [id, email] of [
      [f.responsible.id, addresses.fi],
      [f.viewer.id, addresses.viewer],
    ] as const) {
      const res = await call(t, t.adminToken, 'PATCH', `/api/v1/users/${id}`, { email });
      expect(res.statusCode, res.body).toBe(200);
    }
    const sv = await call(t, svResponsible.token, 'PATCH', '/api/v1/me/notifications', { language: 'sv' });
    expect(sv.statusCode, sv.body).toBe(200);
    await t.setNow(t0);
  });
  afterAll(async () => {
    await t.close();
    await relay.stop();
  });

  const register = async (footageFrom: Date, overrides: Record<string, unknown> = {}) => {
    const res = await call(
      t,
      f.viewer.token,
      'POST',
      '/api/v1/requests',
      requestBody(f, {
        footageFrom: footageFrom.toISOString(),
        footageTo: new Date(footageFrom.getTime() + hour).toISOString(),
        receivedAt: new Date(t.app.now().getTime() - 60_000).toISOString(),
        requesterName: planted.requester,
        contact: planted.contact,
        reference: planted.reference,
        statedLegalBasis: planted.basis,
        ...overrides,
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; hoursUntilFootageDeleted: number }>();
  };
  const outboxOf = (requestId: string) =>
    t.app.database.db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('params', 'like', `%${requestId}%`)
      .orderBy('created_at')
      .execute();

  it('sends one "under 24 h" mail to each responsible person of the site, in their language, once (R1)', async () => {
    const start = relay.mails.length;
    const r = await register(new Date(t0.getTime() - 310 * hour));
    expect(r.hoursUntilFootageDeleted).toBe(26);
    // Registered: the responsible persons hear of it with the hours left.
    await t.app.notifications.runPass();
    const registered = relay.mails.slice(start);
    expect(registered.flatMap((m) => m.to).sort()).toEqual([addresses.fi, addresses.sv].sort());
    expect(relay.to(addresses.fi).at(-1)?.text).toContain('noin 26 tunnin kuluttua');

    // Three hours on, 23 hours are left: under 24 h, sent by the pass, and only once.
    await t.setNow(new Date(t0.getTime() + 3 * hour));
    const before = relay.mails.length;
    const first = await t.app.notifications.runPass();
    const second = await t.app.notifications.runPass();
    expect(first?.found.request_footage_24h).toBe(2);
    expect(second?.found.request_footage_24h ?? 0).toBe(0);
    expect(second?.sent.sent).toBe(0);
    const urgent = relay.mails.slice(before);
    expect(urgent).toHaveLength(2);
    const fi = urgent.find((m) => m.to.includes(addresses.fi));
    const sv = urgent.find((m) => m.to.includes(addresses.sv));
    expect(fi?.subject).toMatch(/^\[KIIREELLINEN\] Alle 24 h: tallennepyyntö odottaa päätöstä, Site \d+$/);
    expect(fi?.text).toContain(`https://kameravalvonta.kirjasto.example/requests/${r.id}`);
    expect(fi?.text).toContain('noin 23 tunnin päästä');
    expect(sv?.subject).toMatch(/^\[BRÅDSKANDE\] Under 24 h: begäran väntar på beslut/);
    for (const other of [addresses.viewer, addresses.other, addresses.auditor]) {
      expect(relay.to(other), other).toEqual([]);
    }
    expect(relay.duplicates).toBe(0);
    const rows = await outboxOf(r.id);
    expect(rows.map((row) => `${row.kind} ${row.status}`).sort()).toEqual([
      'request_footage_24h sent',
      'request_footage_24h sent',
      'request_registered sent',
      'request_registered sent',
    ]);
  });

  it('keeps the mail while the relay is down and sends it once it is back', async () => {
    await relay.stop();
    const now = new Date(t0.getTime() + 4 * hour);
    await t.setNow(now);
    const r = await register(new Date(now.getTime() - 320 * hour)); // 16 h left: under 24 h at once
    const down = await t.app.notifications.runPass();
    expect(down?.sent).toEqual({ sent: 0, failed: 2, obsolete: 0 });
    const waiting = await outboxOf(r.id);
    expect(waiting.map((row) => [row.kind, row.status, row.attempts])).toEqual([
      ['request_footage_24h', 'pending', 1],
      ['request_footage_24h', 'pending', 1],
    ]);
    expect(waiting[0]?.last_error).toBeTruthy();
    // Before its wait is over, nothing is tried; the relay comes back on the same address.
    await relay.start(relay.port);
    expect((await t.app.notifications.runPass())?.sent.sent).toBe(0);
    await t.setNow(new Date(now.getTime() + 60_000));
    const before = relay.mails.length;
    expect((await t.app.notifications.runPass())?.sent.sent).toBe(2);
    expect((await t.app.notifications.runPass())?.sent.sent).toBe(0);
    expect(
      relay.mails
        .slice(before)
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual([addresses.fi, addresses.sv].sort());
    expect((await outboxOf(r.id)).map((row) => row.status)).toEqual(['sent', 'sent']);
  });

  it('sends again, under the same Message-ID, what a stopped sender handed over but did not mark', async () => {
    const now = new Date(t0.getTime() + 5 * hour);
    await t.setNow(now);
    const r = await register(new Date(now.getTime() - 100 * hour)); // registered, 236 h left
    // An instance claims the rows and hands them to the relay, then stops before marking.
    const s = sendSettingsOf(t.config);
    const smtp = t.config.notifications.smtp;
    if (!smtp) throw new Error('the relay is configured');
    const claimed = await claimDue(
      t.app.database.db,
      'stopped-instance',
      now,
      new Date(now.getTime() + s.leaseMs),
      10,
    );
    expect(claimed).toHaveLength(2);
    const before = relay.mails.length;
    for (const row of claimed) await deliverClaimed(t.app.database.db, createMailTransport(smtp), row, s);
    expect(relay.mails.length - before).toBe(2);
    // While its lease lasts, no other instance takes the rows.
    expect((await t.app.notifications.runPass())?.sent.sent).toBe(0);
    // After it, they are sent again: the relay sees each Message-ID twice and counts it.
    await t.setNow(new Date(now.getTime() + s.leaseMs + 60_000));
    expect((await t.app.notifications.runPass())?.sent.sent).toBe(2);
    expect(relay.duplicates).toBe(2);
    const ids = relay.mails.slice(before).map((m) => m.messageId);
    expect(new Set(ids).size).toBe(2);
    const rows = await outboxOf(r.id);
    expect(rows.map((row) => [row.status, row.attempts, row.unconfirmed])).toEqual([
      ['sent', 2, 1],
      ['sent', 2, 1],
    ]);
    // Admins see it in the list of deliveries.
    const list = await call(t, t.adminToken, 'GET', '/api/v1/notifications/deliveries?status=sent');
    expect(list.statusCode, list.body).toBe(200);
    const listed = list.json<{ items: { messageId: string; unconfirmed: number }[] }>().items;
    expect(
      listed
        .filter((d) => d.unconfirmed === 1)
        .map((d) => d.messageId)
        .sort(),
    ).toEqual([...new Set(ids)].sort());
    expect((await call(t, f.responsible.token, 'GET', '/api/v1/notifications/deliveries')).statusCode).toBe(
      403,
    );
    // And on their page, in words.
    const admin = new PageClient(t);
    await admin.signIn('admin', adminPassword);
    const page = await admin.get('/admin/notifications');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Lähettämättä 0, epäonnistuneita 0.');
    expect(page.body).toContain('2, joista 1 ilman vahvistusta');
    expect(page.body).toContain('Pyynnön tallenteet poistuvat alle 24 tunnissa (lähetetään aina)');
  });

  it('puts no card, plate, requester, description or justification text in any mail', async () => {
    // A viewing of the planted matter, and one more request carrying it.
    const entry = await call(
      t,
      f.viewer.token,
      'POST',
      '/api/v1/viewings',
      entryBody(f, {
        viewedAt: new Date(t.app.now().getTime() - 5 * 60_000).toISOString(),
        footageFrom: new Date(t.app.now().getTime() - 3 * hour).toISOString(),
        footageTo: new Date(t.app.now().getTime() - 2 * hour).toISOString(),
        description: `${planted.description}, car ${planted.plate}`,
        justification: `${planted.justification}, card ${planted.card}`,
      }),
    );
    expect(entry.statusCode, entry.body).toBe(201);
    await register(new Date(t.app.now().getTime() - 334 * hour), {
      requesterName: `${planted.requester} ${planted.card} ${planted.plate}`,
    });
    await t.app.notifications.runPass();
    expect(relay.mails.length).toBeGreaterThanOrEqual(10);
    for (const mail of relay.mails) {
      const everything = `${mail.raw}\n${mail.subject}\n${mail.text}`;
      for (const [what, text] of Object.entries(planted)) {
        expect(everything.includes(text), `${what} in ${mail.subject}`).toBe(false);
      }
    }
  });
});
