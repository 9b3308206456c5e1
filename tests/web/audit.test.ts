import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp, userPassword } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { multipartBody } from '../helpers/multipart.js';
import { entryBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';
import { tamper } from '../helpers/tamper.js';
import { PageClient, textOf } from '../helpers/web.js';

/** The auditor's pages: integrity now and against a checkpoint, the access log, the R11 search. */
describeEachDialect('web auditor pages', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  let auditor: PageClient;
  let auditorId: string;
  let viewer: PageClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t);
    const a = await t.user(['auditor']);
    auditorId = a.id;
    auditor = new PageClient(t);
    await auditor.signIn(a.username, userPassword);
    viewer = new PageClient(t);
    await viewer.signIn(f.viewer.username, userPassword);
    for (let i = 0; i < 2; i++) {
      const res = await call(
        t,
        f.viewer.token,
        'POST',
        '/api/v1/viewings',
        entryBody(f, { description: `Entry ${i}` }),
      );
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  /** Posts a checkpoint file as the browser's form does. */
  const upload = async (client: PageClient, content: string | undefined, withToken = true) => {
    const { payload, headers } = multipartBody(
      withToken ? { _csrf: client.csrf() } : {},
      content === undefined ? undefined : { name: 'checkpoint.json', content },
    );
    return t.app.inject({
      method: 'POST',
      url: '/audit/verify-checkpoint',
      payload,
      headers: { ...headers, cookie: client.cookieHeader() },
    });
  };

  const head = async () =>
    (await t.app.database.db.selectFrom('ledger_head').select('seq').executeTakeFirstOrThrow()).seq;

  it('shows the auditor the navigation of their pages; refuses them to a viewer', async () => {
    const home = await auditor.get('/');
    for (const href of ['/audit', '/audit/access-log', '/audit/search'])
      expect(home.body).toContain(`href="${href}"`);
    expect(home.body).not.toContain('href="/admin/users"');
    expect((await viewer.get('/')).body).not.toContain('href="/audit"');
    for (const url of [
      '/audit',
      '/audit/access-log',
      '/audit/search',
      '/audit/search/results?by=card&term=1',
    ]) {
      expect((await viewer.get(url)).statusCode, url).toBe(403);
    }
    expect((await viewer.post('/audit/checkpoint', {})).statusCode).toBe(403);
    expect((await viewer.post('/audit/verify', {})).statusCode).toBe(403);
  });

  it('verifies the ledger now: intact up to the last entry', async () => {
    await auditor.get('/audit');
    const res = await auditor.post('/audit/verify', {});
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Kirjanpito on eheä kirjaukseen ${await head()} asti.`);
  });

  it('makes a checkpoint to download, and verifies against it: intact, forged, broken at N', async () => {
    await auditor.get('/audit');
    const download = await auditor.post('/audit/checkpoint', {});
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="cctv-ledger-checkpoint-\d+\.json"$/,
    );
    const checkpoint = JSON.parse(download.body) as { seq: number };
    expect(checkpoint.seq).toBe(await head());

    await auditor.get('/audit');
    const intact = await upload(auditor, download.body);
    expect(intact.statusCode, intact.body).toBe(200);
    expect(intact.body).toContain(`jatkuu muuttumattomana tarkistuspisteen kohdasta ${checkpoint.seq}`);

    const forged = await upload(auditor, JSON.stringify({ ...checkpoint, seq: 999 }));
    expect(forged.body).toContain('Tarkistuspiste ei ole tämän palvelun allekirjoittama');
    expect(forged.body).not.toContain('999');

    const notOne = await upload(auditor, 'not a checkpoint');
    expect(notOne.statusCode).toBe(422);
    expect(textOf(notOne.body, 'file-error')).toBe('Tiedosto ei ole tämän palvelun tarkistuspiste.');
    const none = await upload(auditor, undefined);
    expect(textOf(none.body, 'file-error')).toBe('Valitse tiedosto.');
    expect((await upload(auditor, download.body, false)).statusCode).toBe(403);

    const seq = (
      await t.app.database.db.selectFrom('viewings').select('seq').orderBy('seq').executeTakeFirstOrThrow()
    ).seq;
    await tamper(t, dialect, [`update viewings set description = 'Altered' where seq = ${seq}`]);
    const broken = await upload(auditor, download.body);
    expect(broken.body).toContain(`Kirjanpito on rikki kohdassa ${seq}.`);
    expect(broken.body).toContain('Kirjanpitorivi (taulu viewings) poikkeaa tapahtumasta');
    expect((await auditor.post('/audit/verify', {})).body).toContain(`Kirjanpito on rikki kohdassa ${seq}.`);
  });

  it('reads the access log filtered by who, action and outcome, a page at a time', async () => {
    // Each read of the log is itself logged (R10): enough rows for a second page.
    for (let i = 0; i < 50; i++) await auditor.get('/audit/access-log?action=none');
    const all = await auditor.get('/audit/access-log');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('audit_log.read');
    expect((await auditor.get('/audit/access-log?action=ledger.verify')).body).toContain('>ledger.verify<');
    const mine = await auditor.get(`/audit/access-log?actorId=${auditorId}&action=ledger.checkpoint`);
    expect(mine.body).toContain('ledger.checkpoint');
    expect(mine.body).not.toContain('>viewing.record<');
    const denied = await auditor.get('/audit/access-log?outcome=denied');
    expect(denied.body).toContain('Estetty');
    expect(denied.body).not.toContain('Onnistui (');
    const bad = await auditor.get('/audit/access-log?from=32.13.2026');
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body, 'from-error')).toBe('Kirjoita päivä muodossa 7.12.2026.');
    const next = /href="(\/audit\/access-log\?before=\d+)"/.exec(all.body)?.[1];
    expect(next).toBeDefined();
    const older = await auditor.get(next!.replaceAll('&amp;', '&'));
    expect(older.statusCode).toBe(200);
    expect(older.body).toContain('href="/audit/access-log?"');
  });

  it('searches by library card number (R11), the search itself logged with its terms (R10)', async () => {
    const integration = await t.user(['integration']);
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const ingest = await call(t, integration.token, 'POST', '/api/v1/recordings', {
      cardReads: [{ cameraId: f.cameraIds[0], externalId: 'read-1', cardNumber: '1234 5678', at }],
      segments: [
        {
          cameraId: f.cameraIds[0],
          externalId: 'seg-1',
          start: new Date(Date.parse(at) - 60_000).toISOString(),
          end: new Date(Date.parse(at) + 60_000).toISOString(),
          imageRef: 'nvr://segment/1',
        },
      ],
    });
    expect(ingest.statusCode, ingest.body).toBe(200);
    expect((await auditor.get('/audit/search')).statusCode).toBe(200);
    const missing = await auditor.get('/audit/search/results?by=card&term=');
    expect(missing.statusCode).toBe(422);
    expect(textOf(missing.body, 'term-error')).toBe('Tämä tieto puuttuu.');
    const found = await auditor.get('/audit/search/results?by=card&term=12345678');
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('12345678');
    expect(found.body).toContain('nvr://segment/1');
    const nothing = await auditor.get('/audit/search/results?by=plate&term=ABC-123');
    expect(nothing.body).toContain('Tietoja ei löytynyt.');
    const logged = await t.app.database.db
      .selectFrom('audit_events')
      .select(['actor_id', 'detail'])
      .where('action', '=', 'recording.search')
      .where('outcome', '!=', 'denied')
      .orderBy('id')
      .execute();
    expect(logged.map((r) => r.actor_id)).toEqual([auditorId, auditorId, auditorId]);
    expect(logged[1]?.detail).toContain('12345678');
  });
});
