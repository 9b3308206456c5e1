import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, startTestApp, type TestApp, userPassword } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { copyBody, type SiteFixture, siteWithStaff } from '../helpers/protocol.js';
import { PageClient } from '../helpers/web.js';

// A fixed clock: 7.12.2026 17.05 in Helsinki (UTC+2).
const now = new Date('2026-12-07T15:05:30Z');

describeEachDialect('web desk, requests, ledger and export pages', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  let viewer: PageClient;
  let responsible: PageClient;
  let other: { id: string; username: string; token: string };
  let otherPage: PageClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    f = await siteWithStaff(t, new Date('2026-12-01T08:00:00Z'));
    other = await t.user(['responsible'], [f.siteId]);
    await t.setNow(now);
    viewer = new PageClient(t);
    await viewer.signIn(f.viewer.username, userPassword);
    responsible = new PageClient(t);
    await responsible.signIn(f.responsible.username, userPassword);
    otherPage = new PageClient(t);
    await otherPage.signIn(other.username, userPassword);
  });
  afterAll(async () => t?.close());

  const requestForm = (overrides: Record<string, string | string[]> = {}) => ({
    channel: 'phone',
    receivedAt: '7.12.2026 16.50',
    requesterName: 'Ylikonstaapeli Matti Mäkinen',
    organisation: 'Hämeen poliisilaitos',
    organisationIsPolice: 'on',
    contact: '0295 400 000',
    reference: '5500/R/12345/26',
    asks: ['copy'],
    siteId: f.siteId,
    cameraIds: [f.cameraIds[0]!],
    // Footage of 6.12. 10.00–10.30: deleted 336 h later, on 20.12. at 10.00 (R1).
    footageFrom: '6.12.2026 10.00',
    footageTo: '6.12.2026 10.30',
    statedLegalBasis: 'Esitutkinta, poliisilaki 4 luku 3 §',
    ...overrides,
  });

  const requests = async () =>
    (await call(t, f.responsible.token, 'GET', '/api/v1/requests')).json<{
      items: { id: string; status: string; registeredBy: string; channel: string; receivedAt: string }[];
    }>().items;

  let requestId: string;

  it('lets a viewer register a request taken by phone; the times are Helsinki wall time', async () => {
    const form = await viewer.get('/requests/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Kirjaa pyyntö');
    const res = await viewer.post('/requests', requestForm());
    expect(res.statusCode, res.body).toBe(303);
    requestId = /\/requests\/([^?]+)\?done=registered/.exec(res.headers.location as string)![1]!;
    const stored = (await requests()).find((r) => r.id === requestId)!;
    expect(stored).toMatchObject({
      status: 'registered',
      registeredBy: f.viewer.id,
      channel: 'phone',
      receivedAt: '2026-12-07T14:50:00.000Z',
    });
    const page = await viewer.get(res.headers.location as string);
    expect(page.body).toContain('Pyyntö on kirjattu.');
  });

  it('refuses a request form with the field named and stores nothing', async () => {
    const before = (await requests()).length;
    const res = await viewer.post(
      '/requests',
      requestForm({ requesterName: '', footageFrom: '29.3.2026 3.30', asks: [] }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="requesterName-error"[^>]*>Tämä tieto puuttuu\./);
    expect(res.body).toMatch(/id="footageFrom-error"[^>]*>Tätä kellonaikaa ei ollut/);
    expect(res.body).toContain('id="asks-error"');
    expect(res.body).toContain('value="5500/R/12345/26"');
    expect((await requests()).length).toBe(before);
  });

  it('shows the request on the desk with the hours until its footage is deleted (R1)', async () => {
    const desk = await responsible.get('/desk');
    expect(desk.statusCode).toBe(200);
    expect(desk.body).toContain('Pyynnöt, jotka odottavat päätöstä <span class="count">(1)</span>');
    // 20.12. 10.00 (08.00 UTC) less 7.12. 17.05.30 (15.05.30 UTC): 304.9 hours.
    expect(desk.body).toContain('tallenne poistuu 304 tunnin kuluttua');
    expect(desk.body).toContain(`href="/requests/${requestId}"`);
    expect(desk.body).toContain('Tallenteiden tiedot poistuvat ajallaan (R1).');
  });

  it('marks a request urgent in words, not only red, under 24 hours', async () => {
    const res = await viewer.post(
      '/requests',
      requestForm({ footageFrom: '24.11.2026 5.00', footageTo: '24.11.2026 6.00', reference: 'URGENT-1' }),
    );
    expect(res.statusCode, res.body).toBe(303);
    const desk = await responsible.get('/desk');
    // 24.11. 05.00 (03.00 UTC) + 336 h = 8.12. 03.00 UTC, 11.9 hours from now.
    expect(desk.body).toMatch(
      /class="badge badge--urgent">.*Kiireellinen: tallenne poistuu 11 tunnin kuluttua/,
    );
  });

  it('keeps desk and request pages from a viewer: no link, and the server refuses', async () => {
    const home = await viewer.get('/');
    expect(home.body).not.toContain('href="/desk"');
    expect(home.body).not.toContain('href="/ledger"');
    expect(home.body).not.toContain('href="/export"');
    expect((await viewer.get('/desk')).statusCode).toBe(403);
    expect((await viewer.get('/ledger')).statusCode).toBe(403);
    expect((await viewer.get('/export')).statusCode).toBe(403);
    const page = await viewer.get(`/requests/${requestId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/decision"');
    await viewer.get(`/requests/${requestId}`);
    const forged = await viewer.post(`/requests/${requestId}/decision`, {
      'decision-decision': 'accepted',
      'decision-reason': 'Poliisin esitutkinta, perusteltu pyyntö',
    });
    expect(forged.statusCode).toBe(403);
    expect((await requests()).find((r) => r.id === requestId)!.status).toBe('registered');
  });

  it('withholds the decision from the person who registered the request (R13)', async () => {
    await responsible.get('/requests/new');
    const res = await responsible.post('/requests', requestForm({ reference: 'OWN-1' }));
    expect(res.statusCode, res.body).toBe(303);
    const ownId = /\/requests\/([^?]+)\?/.exec(res.headers.location as string)![1]!;
    const page = await responsible.get(`/requests/${ownId}`);
    expect(page.body).not.toContain(`action="/requests/${ownId}/decision"`);
    expect(page.body).toContain('toinen vastuuhenkilö päättää siitä (R13)');
    const forged = await responsible.post(`/requests/${ownId}/decision`, {
      'decision-decision': 'accepted',
      'decision-reason': 'Poliisin esitutkinta, perusteltu pyyntö',
    });
    expect(forged.statusCode).toBe(422);
    expect(forged.body).toContain('Pyynnön kirjannut ei voi itse päättää siitä. (sääntö R13)');
    expect((await requests()).find((r) => r.id === ownId)!.status).toBe('registered');
    const byOther = await otherPage.get(`/requests/${ownId}`);
    expect(byOther.body).toContain(`action="/requests/${ownId}/decision"`);
  });

  it('accepts, makes, delivers and destroys a copy; the request then closes itself (R2)', async () => {
    const page = await responsible.get(`/requests/${requestId}`);
    expect(page.body).toContain(`action="/requests/${requestId}/decision"`);
    const missing = await responsible.post(`/requests/${requestId}/decision`, {
      'decision-decision': 'accepted',
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('id="decision-reason-error"');
    const decided = await responsible.post(`/requests/${requestId}/decision`, {
      'decision-decision': 'accepted',
      'decision-reason': 'Poliisin esitutkinta, perusteltu pyyntö',
    });
    expect(decided.statusCode, decided.body).toBe(303);
    await responsible.get(`/requests/${requestId}`);
    const copy = copyBody(f);
    const made = await responsible.post(`/requests/${requestId}/copies`, {
      'copy-cameraIds': copy.cameraIds as string[],
      'copy-footageFrom': '6.12.2026 10.00',
      'copy-footageTo': '6.12.2026 10.30',
      'copy-medium': 'salattu USB-muisti',
      'copy-identifier': 'USB-0042',
      'copy-storageLocation': 'Takahuoneen kassakaappi',
      'copy-madeAt': '7.12.2026 17.05',
    });
    expect(made.statusCode, made.body).toBe(303);
    const handover = await responsible.get(`/requests/${requestId}/handover`);
    expect(handover.statusCode).toBe(200);
    expect(handover.body).toContain('Tallenteen luovutuskirja');
    expect(handover.body).toContain('USB-0042');
    expect(handover.body).toContain('salattu USB-muisti');
    expect(handover.body).toContain('Vastaanottajan allekirjoitus');
    const withCopy = await responsible.get(`/requests/${requestId}`);
    const copyForm = /action="\/requests\/[^/]+\/copies\/([^/]+)\/delivery"/.exec(withCopy.body);
    expect(copyForm).not.toBeNull();
    const copyId = copyForm![1]!;
    const seq = /id="copy-(\d+)"/.exec(withCopy.body)![1]!;
    const early = await responsible.post(`/requests/${requestId}/copies/${copyId}/delivery`, {
      [`deliver${seq}-deliveredAt`]: '7.12.2026 17.00',
      [`deliver${seq}-recipientName`]: 'Matti Mäkinen',
      [`deliver${seq}-recipientUnit`]: 'Hämeen poliisilaitos',
      [`deliver${seq}-receiptRef`]: 'KUITTI-1',
    });
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain(`id="deliver${seq}-deliveredAt-error"`);
    const delivered = await responsible.post(`/requests/${requestId}/copies/${copyId}/delivery`, {
      [`deliver${seq}-deliveredAt`]: '7.12.2026 17.05',
      [`deliver${seq}-recipientName`]: 'Matti Mäkinen',
      [`deliver${seq}-recipientUnit`]: 'Hämeen poliisilaitos',
      [`deliver${seq}-receiptRef`]: 'KUITTI-1',
    });
    expect(delivered.statusCode, delivered.body).toBe(303);
    const desk = await responsible.get('/desk');
    expect(desk.body).toContain('Luovutetut kopiot, joita ei ole hävitetty <span class="count">(1)</span>');
    await responsible.get(`/requests/${requestId}`);
    const destroyed = await responsible.post(`/requests/${requestId}/copies/${copyId}/destruction`, {
      [`destroy${seq}-destroyedAt`]: '7.12.2026 17.05',
      [`destroy${seq}-method`]: 'Muisti tyhjennetty ja tuhottu',
    });
    expect(destroyed.statusCode, destroyed.body).toBe(303);
    expect((await requests()).find((r) => r.id === requestId)!.status).toBe('closed');
    const closed = await responsible.get(`/requests/${requestId}`);
    expect(closed.body).toContain('Suljettu');
    expect(closed.body).toContain('Kopio hävitetty');
  });

  it('asks the override reason to accept a requester who is not the police (R8), and closes early only with a reason', async () => {
    await viewer.get('/requests/new');
    const res = await viewer.post(
      '/requests',
      requestForm({ organisationIsPolice: [], organisation: 'Vakuutusyhtiö Oy', reference: 'VAK-1' }),
    );
    expect(res.statusCode, res.body).toBe(303);
    const id = /\/requests\/([^?]+)\?/.exec(res.headers.location as string)![1]!;
    const page = await responsible.get(`/requests/${id}`);
    expect(page.body).toContain('id="decision-overrideReason"');
    const refused = await responsible.post(`/requests/${id}/decision`, {
      'decision-decision': 'accepted',
      'decision-reason': 'Vahingon selvittäminen vaatii tallenteen',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/id="decision-overrideReason-error"[^>]*>[^<]*\(sääntö R8\)/);
    expect((await requests()).find((r) => r.id === id)!.status).toBe('registered');
    const accepted = await responsible.post(`/requests/${id}/decision`, {
      'decision-decision': 'accepted',
      'decision-reason': 'Vahingon selvittäminen vaatii tallenteen',
      'decision-overrideReason': 'Kirjaston johtaja hyväksyi luovutuksen vakuutusasiaan',
    });
    expect(accepted.statusCode, accepted.body).toBe(303);
    await responsible.get(`/requests/${id}`);
    await responsible.post(`/requests/${id}/copies`, {
      'copy-cameraIds': [f.cameraIds[0]!],
      'copy-footageFrom': '6.12.2026 10.00',
      'copy-footageTo': '6.12.2026 10.30',
      'copy-medium': 'salattu tiedosto',
      'copy-identifier': 'FILE-7',
      'copy-storageLocation': 'Kassakaappi',
      'copy-madeAt': '7.12.2026 17.05',
    });
    const early = await responsible.post(`/requests/${id}/closure`, {});
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain('id="close-reason-error"');
    expect((await requests()).find((r) => r.id === id)!.status).toBe('accepted');
    const closed = await responsible.post(`/requests/${id}/closure`, {
      'close-reason': 'Vakuutusyhtiö perui pyyntönsä ennen luovutusta',
    });
    expect(closed.statusCode, closed.body).toBe(303);
    expect((await requests()).find((r) => r.id === id)!.status).toBe('closed');
  });

  it('shows the handover record in Finnish at ?lang=fi whatever the language', async () => {
    const en = new PageClient(t);
    await en.signIn(f.responsible.username, userPassword);
    await en.get('/');
    await en.post('/language', { lang: 'en', back: '/' });
    const english = await en.get(`/requests/${requestId}/handover`);
    expect(english.body).toContain('Handover record of a recording');
    expect(english.body).toContain(`href="/requests/${requestId}/handover?lang=fi"`);
    const finnish = await en.get(`/requests/${requestId}/handover?lang=fi`);
    expect(finnish.body).toContain('<html lang="fi"');
    expect(finnish.body).toContain('Tallenteen luovutuskirja');
  });

  it('lists the ledger with filters, paged on the server, and refuses a bad date by name', async () => {
    for (const minutes of [20, 10]) {
      const res = await call(t, f.viewer.token, 'POST', '/api/v1/viewings', {
        viewedAt: new Date(now.getTime() - minutes * 60_000).toISOString(),
        siteId: f.siteId,
        cameraIds: [f.cameraIds[0]],
        description: `Ilkivalta ${minutes}`,
        footageFrom: '2026-12-07T08:00:00Z',
        footageTo: '2026-12-07T09:00:00Z',
        footageTimeEstimated: false,
        grounds: minutes === 20 ? 'crime_investigation' : 'danger_or_threat',
        justification: 'Henkilökunta ilmoitti ilkivallasta aamulla',
        decidedBy: { userId: f.responsible.id },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const all = await responsible.get('/ledger');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('Ilkivalta 20');
    expect(all.body).toContain('Ilkivalta 10');
    expect(all.body).toContain('href="/viewings/new"');
    const danger = await responsible.get('/ledger?grounds=danger_or_threat');
    expect(danger.body).toContain('Ilkivalta 10');
    expect(danger.body).not.toContain('Ilkivalta 20');
    const bad = await responsible.get('/ledger?from=32.12.2026');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('id="from-error"');
  });

  it('counts the open findings of the latest reconciliation by kind, less the resolved, and the late entries (R5 R6)', async () => {
    const late = await call(t, f.viewer.token, 'POST', '/api/v1/viewings', {
      viewedAt: '2026-12-07T10:00:00Z',
      siteId: f.siteId,
      cameraIds: [f.cameraIds[0]],
      description: 'Myöhässä kirjattu katselu',
      footageFrom: '2026-12-07T08:00:00Z',
      footageTo: '2026-12-07T09:00:00Z',
      footageTimeEstimated: false,
      grounds: 'crime_investigation',
      justification: 'Henkilökunta ilmoitti ilkivallasta aamulla',
      decidedBy: { userId: f.responsible.id },
      delayReason: 'Asiakaspalvelu ruuhkautui koko päivän',
    });
    expect(late.statusCode, late.body).toBe(201);
    const before = await otherPage.get('/desk');
    expect(before.body).toContain('Kohteidesi lokeja ei ole vielä verrattu kirjanpitoon.');
    expect(before.body).toContain('Myöhässä tehtyjä kirjauksia 1 (R5)');
    const run = await call(t, f.responsible.token, 'POST', '/api/v1/reconciliations', {
      from: '2026-12-07T00:00:00Z',
      to: '2026-12-07T15:00:00Z',
    });
    expect(run.statusCode, run.body).toBe(201);
    const desk = await otherPage.get('/desk');
    expect(desk.body).toContain(
      'Avoimet havainnot viimeisimmästä vertailusta <span class="count">(1)</span>',
    );
    expect(desk.body).toContain('Myöhästynyt kirjaus: 1');
    const runId = run.json<{ id: string }>().id;
    const page = await call(t, f.responsible.token, 'GET', `/api/v1/reconciliations/${runId}`);
    const finding = page.json<{ findings: { id: string; kind: string }[] }>().findings[0]!;
    expect(finding.kind).toBe('late_entry');
    const resolved = await call(t, f.responsible.token, 'POST', `/api/v1/findings/${finding.id}/resolution`, {
      note: 'Myöhästymisen syy on kirjattu, ei toimenpiteitä',
    });
    expect(resolved.statusCode, resolved.body).toBe(201);
    const after = await otherPage.get('/desk');
    expect(after.body).toContain(
      'Avoimet havainnot viimeisimmästä vertailusta <span class="count">(0)</span>',
    );
  });

  it('downloads the workbook and the CSV from the export page; a bad date is refused by name', async () => {
    const form = await responsible.get('/export');
    expect(form.body).toContain('action="/export/download"');
    const xlsx = await responsible.get(
      '/export/download?from=1.12.2026&to=7.12.2026&siteId=&lang=sv&format=xlsx',
    );
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await responsible.get(`/export/download?siteId=${f.siteId}&lang=fi&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Ilkivalta 10');
    const bad = await responsible.get('/export/download?from=eilen&format=xlsx');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('id="from-error"');
    const notMine = await responsible.get('/export/download?siteId=nope&format=xlsx');
    expect(notMine.statusCode).toBe(422);
    expect(notMine.body).toContain('id="siteId-error"');
  });
});
