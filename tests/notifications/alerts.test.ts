import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDue } from '../../src/notifications/outbox/index.js';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { describeEachDialect } from '../helpers/database.js';
import { multipartBody } from '../helpers/multipart.js';
import {
  copyBody,
  deliveryBody,
  grant,
  requestBody,
  type SiteFixture,
  siteWithStaff,
} from '../helpers/protocol.js';
import { TestRelay } from '../helpers/smtp-relay.js';
import { tamper } from '../helpers/tamper.js';
import { vmsWorld } from '../helpers/vms-world.js';
import { seedItems } from '../retention/helpers.js';

const hour = 3_600_000;
const day = 24 * hour;

describeEachDialect('notification alerts', (dialect) => {
  const relay = new TestRelay();
  let t: TestApp;
  let f: SiteFixture;
  let second: { id: string; token: string };
  const mail = {
    responsible: 'vastuu@kirjasto.example',
    second: 'toinen.vastuu@kirjasto.example',
    auditor: 'tarkastaja@kirjasto.example',
    admin: 'yllapito@kirjasto.example',
    vms: 'vms.vastuu@kirjasto.example',
  };

  beforeAll(async () => {
    await relay.start();
    t = await startTestApp(dialect, {
      ...relay.settings(),
      NOTIFY_INTERVAL_SECONDS: '0',
      PURGE_INTERVAL_SECONDS: '0',
    });
    f = await siteWithStaff(t);
    second = await t.user(['responsible'], [f.siteId], { email: mail.second });
    await grant(t, f.responsible.token, second.id, f.siteId, new Date(Date.now() - day));
    await t.user(['auditor'], [], { email: mail.auditor });
    const admin = (await call(t, t.adminToken, 'GET', '/api/v1/me')).json<{ id: string }>();
    for (const [id, email] of [
      [f.responsible.id, mail.responsible],
      [admin.id, mail.admin],
    ] as const) {
      expect((await call(t, t.adminToken, 'PATCH', `/api/v1/users/${id}`, { email })).statusCode).toBe(200);
    }
  });
  afterAll(async () => {
    await t.close();
    await relay.stop();
  });

  const kinds = async (address: string, from = 0) =>
    relay.mails
      .slice(from)
      .filter((m) => m.to.includes(address))
      .map((m) => m.subject);

  it('lets a person turn kinds off, but not the ones always sent to a responsible person', async () => {
    const set = await call(t, f.responsible.token, 'PATCH', '/api/v1/me/notifications', {
      kinds: ['request_registered', 'daily_digest'],
    });
    expect(set.statusCode, set.body).toBe(200);
    const off = await call(t, f.responsible.token, 'PATCH', '/api/v1/me/notifications', { kinds: [] });
    expect(off.json()).toEqual({
      email: mail.responsible,
      language: 'fi',
      kinds: ['request_footage_24h', 'request_footage_4h', 'copy_overdue'],
      alwaysSent: ['request_footage_24h', 'request_footage_4h', 'copy_overdue'],
    });
    const bad = await call(t, f.responsible.token, 'PATCH', '/api/v1/me/notifications', {
      kinds: ['gossip'],
    });
    expect(bad.statusCode).toBe(400);
  });

  it('mails a copy delivered and not destroyed after COPY_DESTROY_DAYS, once, even to one who turned kinds off (R2)', async () => {
    await t.setNow(undefined);
    const from = relay.mails.length;
    const r = (await call(t, f.viewer.token, 'POST', '/api/v1/requests', requestBody(f))).json<{
      id: string;
    }>();
    await t.app.notifications.runPass();
    // The registration reaches only the one who still receives that kind.
    expect(await kinds(mail.responsible, from)).toEqual([]);
    expect(await kinds(mail.second, from)).toEqual([
      expect.stringMatching(/^Uusi tallennepyyntö: Site \d+$/),
    ]);
    const decided = await call(t, second.token, 'POST', `/api/v1/requests/${r.id}/decision`, {
      decision: 'accepted',
      reason: 'Police case, lawful under R8',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const copy = await call(t, f.responsible.token, 'POST', `/api/v1/requests/${r.id}/copies`, copyBody(f));
    expect(copy.statusCode, copy.body).toBe(201);
    const delivered = await call(
      t,
      f.responsible.token,
      'POST',
      `/api/v1/copies/${copy.json().id}/delivery`,
      deliveryBody(),
    );
    expect(delivered.statusCode, delivered.body).toBe(200);
    // Written with the delivery, due when the copy becomes overdue.
    const written = await t.app.database.db
      .selectFrom('notification_outbox')
      .select(['status', 'next_attempt_at'])
      .where('kind', '=', 'copy_overdue')
      .execute();
    const due = new Date(Date.parse(delivered.json().delivery.deliveredAt) + 7 * day).toISOString();
    expect(written).toEqual([
      { status: 'pending', next_attempt_at: due },
      { status: 'pending', next_attempt_at: due },
    ]);
    await t.setNow(new Date(Date.now() + 6 * day));
    const early = relay.mails.length;
    await t.app.notifications.runPass();
    expect(relay.mails.length).toBe(early);
    await t.setNow(new Date(Date.now() + 8 * day));
    const before = relay.mails.length;
    // The pass finds the copy overdue, and adds nothing to what the delivery wrote.
    expect((await t.app.notifications.runPass())?.found.copy_overdue).toBe(0);
    expect((await t.app.notifications.runPass())?.sent.sent).toBe(0);
    for (const address of [mail.responsible, mail.second]) {
      expect(await kinds(address, before)).toEqual([
        expect.stringMatching(/^\[KIIREELLINEN\] Luovutettu kopio hävittämättä: Site \d+$/),
      ]);
    }
    expect(await kinds(mail.auditor, before)).toEqual([]);
  });

  it('drops an alert that no longer holds when its turn comes: the request was decided meanwhile', async () => {
    await t.setNow(undefined);
    await relay.stop();
    const r = (
      await call(
        t,
        f.viewer.token,
        'POST',
        '/api/v1/requests',
        requestBody(f, {
          footageFrom: new Date(Date.now() - 320 * hour).toISOString(),
          footageTo: new Date(Date.now() - 319 * hour).toISOString(),
        }),
      )
    ).json<{ id: string }>();
    expect((await t.app.notifications.runPass())?.sent.failed).toBe(2);
    await relay.start(relay.port);
    const decided = await call(t, second.token, 'POST', `/api/v1/requests/${r.id}/decision`, {
      decision: 'rejected',
      reason: 'Not a police matter',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    await t.setNow(new Date(Date.now() + 5 * 60_000));
    const before = relay.mails.length;
    expect((await t.app.notifications.runPass())?.sent).toEqual({ sent: 0, failed: 0, obsolete: 2 });
    expect(relay.mails.length).toBe(before);
  });

  it('claims each due row for one instance only', async () => {
    await relay.stop();
    await t.setNow(undefined);
    for (let i = 0; i < 3; i++) await call(t, f.viewer.token, 'POST', '/api/v1/requests', requestBody(f));
    const now = new Date(Date.now() + hour);
    const lease = new Date(now.getTime() + 10 * 60_000);
    const [a, b] = await Promise.all([
      claimDue(t.app.database.db, 'instance-a', now, lease, 50),
      claimDue(t.app.database.db, 'instance-b', now, lease, 50),
    ]);
    const ids = [...a, ...b].map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await claimDue(t.app.database.db, 'instance-c', now, lease, 50)).toEqual([]);
    await relay.start(relay.port);
  });

  it('tells auditors and admins, once a day, that the purge is late (R1)', async () => {
    const now = new Date(Date.now() + 2 * hour);
    await t.setNow(now);
    await seedItems(t.app.database, {
      kind: 'card_read',
      cameraIds: [f.cameraIds[0] ?? ''],
      count: 3,
      expiresFrom: new Date(now.getTime() - hour),
      expiresTo: new Date(now.getTime() - hour),
    });
    const before = relay.mails.length;
    const first = await t.app.notifications.runPass();
    const again = await t.app.notifications.runPass();
    expect(first?.found.purge_late).toBe(2);
    expect(again?.found.purge_late).toBe(0);
    expect(await kinds(mail.auditor, before)).toEqual(['[KIIREELLINEN] Tallennetietojen poisto on myöhässä']);
    expect(await kinds(mail.admin, before)).toEqual(['[KIIREELLINEN] Tallennetietojen poisto on myöhässä']);
    expect(await kinds(mail.responsible, before)).toEqual([]);
    expect(relay.mails.at(-1)?.text).toContain('vanhin on odottanut 60 minuuttia');
    await t.app.retention.runPass();
  });

  it('tells auditors and admins once when the ledger does not verify (R4)', async () => {
    const seq = (
      await t.app.database.db
        .selectFrom('ledger_events')
        .select('seq')
        .orderBy('seq')
        .executeTakeFirstOrThrow()
    ).seq;
    await tamper(t, dialect, [`update ledger_events set data = ' ' || data where seq = ${seq}`]);
    // The chain is walked at most every VERIFY_INTERVAL_MINUTES: later than every pass above.
    await t.setNow(new Date(Date.now() + 20 * day));
    const before = relay.mails.length;
    expect((await t.app.notifications.runPass())?.found.ledger_verify_failed).toBe(2);
    await t.setNow(new Date(Date.now() + 21 * day));
    expect((await t.app.notifications.runPass())?.found.ledger_verify_failed).toBe(0);
    expect(await kinds(mail.auditor, before)).toContain(
      '[KIIREELLINEN] Kirjanpidon eheystarkistus epäonnistui',
    );
    expect(relay.to(mail.admin).at(-1)?.text).toContain(`tapahtumasta ${seq} alkaen`);
  });
});

describe('notifications about reconciliation findings', () => {
  describeEachDialect('reconcile_findings', (dialect) => {
    const relay = new TestRelay();
    let t: TestApp;

    beforeAll(async () => {
      await relay.start();
      t = await startTestApp(dialect, {
        ...relay.settings(),
        NOTIFY_INTERVAL_SECONDS: '0',
        SMTP_FROM: 'ledger@kirjasto.example',
      });
    });
    afterAll(async () => {
      await t.close();
      await relay.stop();
    });

    it('mails the site’s responsible persons when a reconciliation finds an unknown camera-system user (R6)', async () => {
      const w = await vmsWorld(t);
      expect(
        (
          await call(t, t.adminToken, 'PATCH', `/api/v1/users/${w.responsible.id}`, {
            email: 'v@kirjasto.example',
          })
        ).statusCode,
      ).toBe(200);
      const csv = [
        'time,user,user_host,camera,action,message,footage_from,footage_to',
        '2025-03-14T13:00:00,DOMAIN\\stranger,10.20.1.99,Omatoimi-Itä Takaovi,playback,,,',
      ].join('\r\n');
      const { payload, headers } = multipartBody(
        { siteId: w.siteId, profile: 'generic' },
        { name: 'g.csv', content: csv },
      );
      const imported = await t.app.inject({
        method: 'POST',
        url: '/api/v1/vms-imports',
        payload,
        headers: { ...headers, authorization: `Bearer ${w.responsible.token}` },
      });
      expect(imported.statusCode, imported.body).toBe(201);
      const run = await call(t, w.responsible.token, 'POST', '/api/v1/reconciliations', {
        from: '2025-03-14T00:00:00+02:00',
        to: '2025-03-15T00:00:00+02:00',
      });
      expect(run.statusCode, run.body).toBe(201);
      await t.app.notifications.runPass();
      expect(relay.mails.map((m) => [m.to, m.subject])).toEqual([
        [['v@kirjasto.example'], 'Täsmäytyksen havaintoja katseluista: Omatoimi-Itä'],
      ]);
      expect(relay.mails[0]?.text).toContain('löysi 0 katselua ilman katseluoikeutta (R3) ja 1 katselua');
      expect(relay.mails[0]?.text).toContain(`/reconciliations/${run.json().id}`);
      expect(relay.mails[0]?.messageId).toMatch(/^<[0-9a-f]{40}@kirjasto\.example>$/);
      // The same window again finds the same events: nothing new to tell.
      const again = await call(t, w.responsible.token, 'POST', '/api/v1/reconciliations', {
        from: '2025-03-14T00:00:00+02:00',
        to: '2025-03-15T00:00:00+02:00',
      });
      expect(again.statusCode, again.body).toBe(201);
      await t.app.notifications.runPass();
      expect(relay.mails).toHaveLength(1);
    });
  });
});

describeEachDialect('notifications off', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('writes and sends nothing without SMTP_HOST (R12)', async () => {
    const f = await siteWithStaff(t);
    await call(t, t.adminToken, 'PATCH', `/api/v1/users/${f.responsible.id}`, {
      email: 'v@kirjasto.example',
    });
    const res = await call(t, f.viewer.token, 'POST', '/api/v1/requests', requestBody(f));
    expect(res.statusCode, res.body).toBe(201);
    expect(t.app.notifications.enabled).toBe(false);
    expect(await t.app.notifications.runPass()).toBeNull();
    const rows = await t.app.database.db.selectFrom('notification_outbox').select('id').execute();
    expect(rows).toEqual([]);
  });
});

describeEachDialect('daily digest', (dialect) => {
  const relay = new TestRelay();
  let t: TestApp;

  beforeAll(async () => {
    await relay.start();
    t = await startTestApp(dialect, {
      ...relay.settings(),
      NOTIFY_INTERVAL_SECONDS: '0',
      NOTIFY_DIGEST_HOUR: '7',
    });
  });
  afterAll(async () => {
    await t.close();
    await relay.stop();
  });

  it('goes once a day from NOTIFY_DIGEST_HOUR to those who chose it, in their language', async () => {
    // Monday 7.12.2026 in Helsinki (UTC+2).
    await t.setNow(new Date('2026-12-06T10:00:00Z'));
    const f = await siteWithStaff(t, new Date('2026-12-04T10:00:00Z'));
    const chooser = await t.user(['responsible'], [f.siteId], { email: 'kooste@kirjasto.example' });
    const set = await call(t, chooser.token, 'PATCH', '/api/v1/me/notifications', {
      language: 'en',
      kinds: ['daily_digest'],
    });
    expect(set.statusCode, set.body).toBe(200);
    await call(t, t.adminToken, 'PATCH', `/api/v1/users/${f.responsible.id}`, {
      email: 'ei-koostetta@kirjasto.example',
    });
    const registered = await call(
      t,
      f.viewer.token,
      'POST',
      '/api/v1/requests',
      requestBody(f, {
        footageFrom: '2026-12-05T10:00:00Z',
        footageTo: '2026-12-05T11:00:00Z',
        receivedAt: '2026-12-06T09:00:00Z',
      }),
    );
    expect(registered.statusCode, registered.body).toBe(201);
    await t.setNow(new Date('2026-12-07T04:30:00Z')); // 6.30 in Helsinki
    expect((await t.app.notifications.runPass())?.found.daily_digest).toBe(0);
    await t.setNow(new Date('2026-12-07T05:10:00Z')); // 7.10
    expect((await t.app.notifications.runPass())?.found.daily_digest).toBe(1);
    expect((await t.app.notifications.runPass())?.found.daily_digest).toBe(0);
    const digests = relay.mails.filter((m) => m.subject.startsWith('Daily digest'));
    expect(digests.map((m) => [m.to, m.subject])).toEqual([
      [['kooste@kirjasto.example'], 'Daily digest 7.12.2026'],
    ]);
    expect(digests[0]?.text).toContain('Waiting at your sites: 1 requests for a decision, 0 copies');
    expect(relay.to('ei-koostetta@kirjasto.example').filter((m) => m.subject.includes('digest'))).toEqual([]);
    await t.setNow(new Date('2026-12-08T05:10:00Z'));
    expect((await t.app.notifications.runPass())?.found.daily_digest).toBe(1);
  });
});

describeEachDialect('backup age alert', (dialect) => {
  const relay = new TestRelay();
  let t: TestApp;

  beforeAll(async () => {
    await relay.start();
    t = await startTestApp(dialect, {
      ...relay.settings(),
      NOTIFY_INTERVAL_SECONDS: '0',
      PURGE_INTERVAL_SECONDS: '0',
      BACKUP_MAX_AGE_HOURS: '24',
    });
    await t.user(['auditor'], [], { email: 'tarkastaja@kirjasto.example' });
  });
  afterAll(async () => {
    await t.close();
    await relay.stop();
  });

  it('tells auditors once a day when no backup was made in BACKUP_MAX_AGE_HOURS', async () => {
    // The backup command, as an operator runs it, leaves the access-log row the pass reads.
    const backup = await runCli(['backup', '--out', `${t.database.dataDir}/backup.tar`], {
      DATA_DIR: t.database.dataDir,
      DATABASE_URL: t.database.url,
    }).done;
    expect(backup.code, backup.stderr).toBe(0);
    const madeAt = Date.now();
    expect((await t.app.notifications.runPass())?.found.backup_overdue).toBe(0);

    await t.setNow(new Date(madeAt + 25 * hour));
    expect((await t.app.notifications.runPass())?.found.backup_overdue).toBe(1);
    expect((await t.app.notifications.runPass())?.found.backup_overdue).toBe(0);
    expect(relay.to('tarkastaja@kirjasto.example').map((m) => m.subject)).toEqual([
      '[KIIREELLINEN] Varmuuskopiota ei ole otettu 24 tuntiin',
    ]);
    await t.setNow(new Date(madeAt + 49 * hour));
    expect((await t.app.notifications.runPass())?.found.backup_overdue).toBe(1);
  });
});
