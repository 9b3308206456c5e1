import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { call, type TestApp } from '../helpers/app.js';
import { multipartBody } from '../helpers/multipart.js';
import { grant } from '../helpers/protocol.js';

/**
 * A known ledger for the export tests, on the night the clocks go forward: 29 March 2026,
 * 03:00 EET became 04:00 EEST (01:00 UTC). One entry is viewed before the change, one after.
 */
export const now = new Date('2026-03-29T12:00:00.000Z');
export const window = { from: '2026-03-01', to: '2026-03-31' };
export const siteName = 'Hollola omatoimikirjasto';
export const cameraNames = ['Sisäänkäynti', 'Takaovi'];

export const injection = {
  description: '=HYPERLINK("http://evil.example","klikkaa")',
  justification: "+cmd|' /C calc'!A0 ja muuta selitystä",
  decider: '@Kirjastonjohtaja Liisa Laine',
  requester: '-2+3 Poliisi',
};

export interface KnownLedger {
  siteId: string;
  cameraIds: string[];
  responsible: { id: string; username: string; token: string };
  second: { id: string; username: string; token: string };
  viewer: { id: string; username: string; token: string };
  auditor: { id: string; username: string; token: string };
  /** Entry ids: before and after the DST change, with a request, amended. */
  entries: { beforeDst: string; afterDst: string; withRequest: string };
  acceptedRequestId: string;
  rejectedRequestId: string;
  otherSite: { siteId: string; responsible: { id: string; token: string } };
}

async function created(res: Awaited<ReturnType<typeof call>>) {
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

export async function knownLedger(t: TestApp): Promise<KnownLedger> {
  await t.setNow(now);
  const siteId = await t.site(siteName);
  const cameraIds = [await t.camera(siteId, cameraNames[0]), await t.camera(siteId, cameraNames[1])];
  const responsible = await t.user(['responsible'], [siteId]);
  const second = await t.user(['responsible'], [siteId]);
  const viewer = await t.user(['viewer'], [siteId]);
  const auditor = await t.user(['auditor']);
  const validFrom = new Date('2026-03-01T00:00:00Z');
  for (const u of [responsible, second, viewer]) await grant(t, responsible.token, u.id, siteId, validFrom);

  const entry = (token: string, body: Record<string, unknown>) =>
    call(t, token, 'POST', '/api/v1/viewings', body).then(created);
  const beforeDst = await entry(viewer.token, {
    viewedAt: '2026-03-29T00:30:00.000Z', // 02:30 EET
    viewedUntil: '2026-03-29T00:45:00.000Z',
    siteId,
    cameraIds: [cameraIds[0]],
    description: 'Rikottu ikkuna sisäänkäynnillä',
    footageFrom: '2026-03-28T20:00:00.000Z',
    footageTo: '2026-03-28T20:30:00.000Z',
    grounds: 'crime_investigation',
    justification: 'Henkilökunta ilmoitti ilkivallasta aamulla',
    decidedBy: { userId: responsible.id },
    delayReason: 'Kirjattu vasta aamuvuoron alussa yön muistiinpanoista',
  });
  const afterDst = await entry(viewer.token, {
    viewedAt: '2026-03-29T01:30:00.000Z', // 04:30 EEST
    siteId,
    cameraIds,
    description: injection.description,
    footageFrom: '2026-03-28T22:00:00.000Z',
    footageTo: '2026-03-28T23:00:00.000Z',
    footageTimeEstimated: true,
    grounds: 'danger_or_threat',
    justification: injection.justification,
    decidedBy: { name: injection.decider },
    delayReason: 'Kirjattu vasta aamuvuoron alussa yön muistiinpanoista',
  });

  const request = (overrides: Record<string, unknown>) =>
    call(t, viewer.token, 'POST', '/api/v1/requests', {
      requesterName: 'Konstaapeli Matti Mäkinen',
      organisation: 'Hämeen poliisilaitos',
      organisationIsPolice: true,
      contact: 'matti.makinen@poliisi.fi',
      reference: '5500/R/12345/26',
      asks: ['viewing', 'copy'],
      siteId,
      cameraIds: [cameraIds[1]],
      footageFrom: '2026-03-28T10:00:00.000Z',
      footageTo: '2026-03-28T11:00:00.000Z',
      statedLegalBasis: 'Poliisilaki 4:2',
      receivedAt: '2026-03-29T08:00:00.000Z',
      channel: 'email',
      ...overrides,
    }).then(created);
  const acceptedRequestId = await request({});
  await t.setNow(new Date('2026-03-29T11:30:00.000Z')); // accepted before its copy is made (R8)
  expect(
    (
      await call(t, responsible.token, 'POST', `/api/v1/requests/${acceptedRequestId}/decision`, {
        decision: 'accepted',
        reason: 'Poliisin esitutkinta',
      })
    ).statusCode,
  ).toBe(200);
  await t.setNow(now);
  const rejectedRequestId = await request({
    requesterName: injection.requester,
    organisation: 'Yksityinen vakuutusyhtiö',
    organisationIsPolice: false,
    reference: 'VAK-77',
    statedLegalBasis: 'Vahingonkorvausasia',
    receivedAt: '2026-03-29T09:00:00.000Z',
  });
  expect(
    (
      await call(t, responsible.token, 'POST', `/api/v1/requests/${rejectedRequestId}/decision`, {
        decision: 'rejected',
        reason: 'R8: luovutus vain poliisille',
      })
    ).statusCode,
  ).toBe(200);

  const withRequest = await entry(second.token, {
    viewedAt: '2026-03-29T11:50:00.000Z',
    siteId,
    cameraIds: [cameraIds[1]],
    description: 'Poliisin pyytämä tallenne takaovelta',
    footageFrom: '2026-03-28T10:00:00.000Z',
    footageTo: '2026-03-28T11:00:00.000Z',
    grounds: 'police_request',
    justification: 'Esitutkinta 5500/R/12345/26',
    decidedBy: { userId: responsible.id },
    requestId: acceptedRequestId,
  });
  const amended = await call(t, responsible.token, 'POST', `/api/v1/viewings/${beforeDst}/amendments`, {
    changes: { description: 'Rikottu ikkuna pääsisäänkäynnillä' },
    reason: 'Tarkennettu paikka',
  });
  expect(amended.statusCode, amended.body).toBe(201);

  const copy = await call(t, responsible.token, 'POST', `/api/v1/requests/${acceptedRequestId}/copies`, {
    cameraIds: [cameraIds[1]],
    footageFrom: '2026-03-28T10:00:00.000Z',
    footageTo: '2026-03-28T11:00:00.000Z',
    medium: 'salattu USB-muisti',
    identifier: 'USB-0042',
    storageLocation: 'Kassakaappi',
    madeAt: '2026-03-29T11:55:00.000Z',
  }).then(created);
  const delivered = await call(t, responsible.token, 'POST', `/api/v1/copies/${copy}/delivery`, {
    deliveredAt: '2026-03-29T11:58:00.000Z',
    recipientName: 'Konstaapeli Matti Mäkinen',
    recipientUnit: 'Hämeen poliisilaitos',
    receiptRef: 'KUITTI-1',
  });
  expect(delivered.statusCode, delivered.body).toBe(200);

  // Another site, with its own responsible person and an entry nobody else may export.
  const otherSiteId = await t.site('Sysmä omatoimikirjasto');
  const otherCamera = await t.camera(otherSiteId, 'Aula');
  const otherResponsible = await t.user(['responsible'], [otherSiteId]);
  await grant(t, otherResponsible.token, otherResponsible.id, otherSiteId, validFrom);
  await entry(otherResponsible.token, {
    viewedAt: '2026-03-20T10:00:00.000Z',
    siteId: otherSiteId,
    cameraIds: [otherCamera],
    description: 'Toisen kirjaston merkintä',
    footageFrom: '2026-03-20T08:00:00.000Z',
    footageTo: '2026-03-20T09:00:00.000Z',
    grounds: 'accident_investigation',
    justification: 'Asiakas kaatui aulassa',
    decidedBy: { userId: otherResponsible.id },
    delayReason: 'Siirretty paperisesta katselupöytäkirjasta',
  });

  return {
    siteId,
    cameraIds,
    responsible,
    second,
    viewer,
    auditor,
    entries: { beforeDst, afterDst, withRequest },
    acceptedRequestId,
    rejectedRequestId,
    otherSite: { siteId: otherSiteId, responsible: otherResponsible },
  };
}

export async function exportXlsx(t: TestApp, token: string, query: string) {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/exports/ledger.xlsx?${query}`,
    headers: { authorization: `Bearer ${token}` },
  });
}

export async function readWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  return wb;
}

export function uploadLedger(
  t: TestApp,
  token: string,
  fields: Record<string, string>,
  content: Buffer,
  name = 'kirjanpito.xlsx',
) {
  const { payload, headers } = multipartBody(fields, { name, content });
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/ledger-imports',
    payload,
    headers: { ...headers, authorization: `Bearer ${token}` },
  });
}

/** The text of a cell, whether written as a string or as inline rich text. */
export function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return v === null || v === undefined ? '' : String(v);
}
