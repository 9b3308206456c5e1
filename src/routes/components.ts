import { z } from 'zod';
import { accessLogRowSchema } from '../audit/index.js';
import {
  apiKeySchema,
  issuedApiKeySchema,
  meSchema,
  newUserSchema,
  tokenSchema,
  userPatchSchema,
  userSchema,
} from '../auth/index.js';
import { externalIdentitySchema } from '../auth/oidc/index.js';
import { deskSummarySchema } from '../desk/index.js';
import { problemSchema } from '../http/problem.js';
import { ledgerImportReportSchema } from '../ledger-import/index.js';
import {
  notificationDeliverySchema,
  notificationSettingsPatchSchema,
  notificationSettingsSchema,
} from '../notifications/index.js';
import {
  amendmentSchema,
  checkpointResultSchema,
  checkpointSchema,
  grantSchema,
  listedViewingSchema,
  newViewingSchema,
  revocationSchema,
  verifyResultSchema,
  viewingHistorySchema,
  viewingRightSchema,
  viewingSchema,
  voidSchema,
} from '../protocol/index.js';
import {
  findingEvidenceSchema,
  runListSchema,
  runPageSchema,
  runRequestSchema,
  runSummarySchema,
  storedFindingSchema,
} from '../reconcile/index.js';
import {
  closureSchema,
  copySchema,
  decisionSchema,
  deliverySchema,
  destructionSchema,
  newCopySchema,
  newRequestSchema,
  outsideRequestSchema,
  requestDetailSchema,
} from '../requests/index.js';
import {
  ingestResultSchema,
  recordingBatchSchema,
  recordingItemSchema,
  recordingSearchSchema,
  retentionStatusSchema,
  tombstoneSchema,
} from '../retention/index.js';
import {
  cameraPatchSchema,
  cameraSchema,
  newCameraSchema,
  newSiteSchema,
  siteSchema,
} from '../sites/index.js';
import { importReportSchema, storedImportSchema, storedProfileSchema } from '../vms/index.js';

/*
 * The shapes the API document names (`components.schemas`), each with an example a newcomer
 * can copy. The shapes themselves live beside their domain; here they only get a name and an
 * example, attached to the same schema objects so that every route using one refers to it.
 * The document's linter checks each example against its shape.
 */

const site = '0f3b6c1e-2a4d-4e8f-9b10-3c5d7e9f1a20';
const entrance = '5a1c2e3f-4b6d-4a8e-9f01-2b3c4d5e6f71';
const sideDoor = '6b2d3f40-5c7e-4b9f-8a12-3c4d5e6f7a82';
const viewer = '7c3e4051-6d8f-4c0a-9b23-4d5e6f7a8b93';
const responsible = '8d4f5162-7e90-4d1b-8c34-5e6f7a8b9ca4';
const entry = '9e506273-8fa1-4e2c-9d45-6f7a8b9cadb5';
const right = 'a0617384-90b2-4f3d-8e56-7a8b9cadbec6';
const request = 'b1728495-a1c3-4a4e-9f67-8b9cadbecfd7';
const copy = 'c283950a-b2d4-4b5f-8a78-9cadbecfd0e8';
const run = 'd394a61b-c3e5-4c60-9b89-adbecfd0e1f9';
const finding = '01a25253-1bd6-7000-8000-0536c4997b91';
const hash = '73f99220849cb3481262532b81033c5ccfac2a44a98f8b77e11ec545acb20626';

const vmsImportReport = {
  id: '6e80c94d-cd3f-4f83-b2bb-d470b64f9b6a',
  siteId: site,
  fileName: 'audit-2026-11.csv',
  sha256: '5d4ca5b86afa8d5335d1f2bfaa0b941e0a81bc09438fea4fc13f9479cd76fbd0',
  profile: 'milestone-xprotect',
  timeZone: 'Europe/Helsinki',
  rowsRead: 2,
  stored: 2,
  duplicates: 0,
  rejected: 0,
  errors: [],
  errorCount: 0,
  warnings: [],
  warningCount: 0,
  unmappedCameraNames: [],
  firstEventAt: '2026-11-20T14:05:00.000Z',
  lastEventAt: '2026-11-20T14:55:31.000Z',
  importedAt: '2026-11-21T07:00:00.000Z',
  importedBy: responsible,
};

const user = {
  id: viewer,
  username: 'hkorhonen',
  displayName: 'Heikki Korhonen',
  roles: ['viewer'],
  siteIds: [site],
  vmsUsernames: ['[BASIC]\\hkorhonen'],
  email: 'heikki.korhonen@kirjasto.example',
  disabled: false,
  mustChangePassword: false,
  lockedUntil: null,
  createdAt: '2026-11-02T08:15:00.000Z',
  updatedAt: '2026-11-02T08:15:00.000Z',
};

const viewing = {
  id: entry,
  seq: 18,
  hash,
  source: 'service',
  siteId: site,
  viewedAt: '2026-11-20T14:05:00.000Z',
  viewedUntil: '2026-11-20T14:20:00.000Z',
  cameraIds: [entrance],
  description: 'Rikottu ikkuna sisäänkäynnillä',
  footageFrom: '2026-11-19T20:00:00.000Z',
  footageTo: '2026-11-19T21:00:00.000Z',
  footageTimeEstimated: true,
  grounds: 'crime_investigation',
  justification: 'Ilkivalta havaittiin aamulla, tekoaika selvitettävä',
  decidedBy: { userId: responsible, name: 'Liisa Virtanen' },
  viewerId: viewer,
  viewerName: 'Heikki Korhonen',
  recordedBy: viewer,
  recordedAt: '2026-11-20T14:25:00.000Z',
  requestId: null,
  late: false,
  lateByMinutes: null,
  delayReason: null,
  importRef: null,
};

const viewingRight = {
  id: right,
  seq: 9,
  userId: viewer,
  siteId: site,
  commitmentRef: 'LAH/1234/2026',
  commitmentSignedOn: '2026-11-01',
  validFrom: '2026-11-02T08:00:00.000Z',
  grantedBy: responsible,
  grantedAt: '2026-11-02T08:20:00.000Z',
  reason: null,
  confirmation: { required: false, confirmedBy: null, confirmedAt: null },
  revocation: null,
};

const outsideRequest = {
  id: request,
  seq: 26,
  siteId: site,
  requesterName: 'Vanhempi konstaapeli Matti Mäkinen',
  organisation: 'Hämeen poliisilaitos',
  organisationIsPolice: true,
  contact: 'matti.makinen@poliisi.fi',
  reference: '5500/R/12345/26',
  asks: ['viewing', 'copy'],
  cameraIds: [entrance],
  footageFrom: '2026-11-19T20:00:00.000Z',
  footageTo: '2026-11-19T21:00:00.000Z',
  statedLegalBasis: 'Poliisilaki 4:2',
  receivedAt: '2026-11-20T09:00:00.000Z',
  channel: 'email',
  registeredBy: viewer,
  registeredAt: '2026-11-20T09:10:00.000Z',
  status: 'accepted',
  decision: {
    decision: 'accepted',
    reason: 'Poliisin esitutkinta, luovutus sallittu (R8)',
    overrideReason: null,
    decidedBy: responsible,
    decidedAt: '2026-11-20T10:00:00.000Z',
  },
  closure: null,
  footageDeletedAt: '2026-12-03T21:00:00.000Z',
  hoursUntilFootageDeleted: 306,
};

const madeCopy = {
  id: copy,
  seq: 30,
  requestId: request,
  siteId: site,
  cameraIds: [entrance],
  footageFrom: '2026-11-19T20:00:00.000Z',
  footageTo: '2026-11-19T21:00:00.000Z',
  medium: 'salattu USB-muisti',
  identifier: 'USB-0042',
  storageLocation: 'Takahuoneen kassakaappi',
  madeBy: responsible,
  madeAt: '2026-11-20T11:00:00.000Z',
  state: 'delivered',
  delivery: {
    deliveredAt: '2026-11-21T09:00:00.000Z',
    recipientName: 'Matti Mäkinen',
    recipientUnit: 'Lahden poliisiasema',
    receiptRef: 'KUITTI-7',
    recordedBy: responsible,
  },
  destruction: null,
};

const runSummary = {
  id: run,
  from: '2026-11-19T22:00:00.000Z',
  to: '2026-11-20T22:00:00.000Z',
  siteIds: [site],
  settings: {
    sessionGapMinutes: 10,
    matchToleranceMinutes: 30,
    estimateToleranceMinutes: 120,
    exactToleranceMinutes: 5,
    copyToleranceHours: 24,
    copyDestroyDays: 7,
    retentionHours: 336,
  },
  summary: { unlogged_viewing: 0, unlogged_export: 1, late_entry: 0, camera_mismatch: 0 },
  counts: { events: 4, entries: 1, playbackSessions: 1, exportSessions: 1 },
  unmapped: { cameraNames: [], vmsUsers: [] },
  startedBy: responsible,
  startedAt: '2026-11-21T07:00:00.000Z',
  finishedAt: '2026-11-21T07:00:01.000Z',
};

const storedFinding = {
  id: finding,
  runId: run,
  ordinal: 0,
  kind: 'unlogged_export',
  siteId: site,
  vmsUser: '[BASIC]\\hkorhonen',
  userId: viewer,
  from: '2026-11-20T14:55:31.000Z',
  to: '2026-11-20T14:55:31.000Z',
  eventIds: ['3'],
  entryIds: [],
  copyIds: [],
  detail: {},
  resolution: null,
};

const segment = {
  kind: 'segment',
  cameraId: entrance,
  siteId: site,
  externalId: 'seg-20261120-0700',
  receivedAt: '2026-11-20T08:00:00.000Z',
  expiresAt: '2026-12-04T08:00:00.000Z',
  start: '2026-11-20T07:00:00.000Z',
  end: '2026-11-20T08:00:00.000Z',
  imageRef: 'vms://entrance/20261120-0700',
};

const cardRead = {
  kind: 'card_read',
  cameraId: entrance,
  siteId: site,
  externalId: 'card-20261120-0712',
  receivedAt: '2026-11-20T08:00:00.000Z',
  expiresAt: '2026-12-04T07:12:00.000Z',
  at: '2026-11-20T07:12:00.000Z',
  cardNumber: '20001111',
};

/**
 * Examples given in the answer beside their shape instead of inside it: a JSON-schema
 * validator reads an example kept inside a schema as if its `id`s were schema ids, and an
 * entry's history names the entry twice (`original`, `effective`).
 */
export const answerExamples = new Map<z.ZodType, unknown>([
  [
    viewingHistorySchema,
    {
      original: viewing,
      amendments: [
        {
          id: 'bf11b1b0-bf4e-4047-bceb-9b7ea9083f53',
          seq: 24,
          changes: { cameraIds: [sideDoor] },
          reason: 'Kamera merkitty ensin väärin',
          amendedBy: viewer,
          amendedAt: '2026-11-20T15:00:00.000Z',
        },
      ],
      effective: { ...viewing, cameraIds: [sideDoor] },
      voided: null,
    },
  ],
]);

const apiKey = {
  id: '5d2e8f10-4b3c-4a1d-8e6f-7a9b0c1d2e3f',
  userId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
  label: 'Milestone-palvelin, Lahden pääkirjasto',
  createdAt: '2026-11-20T08:00:00.000Z',
  createdBy: '3a1f0c52-8e7b-4d6a-9f21-0b4c5d6e7f80',
  expiresAt: '2027-11-19T22:00:00.000Z',
  revokedAt: null,
};

/** Each named shape, its name in the document and its example (or one in `answerExamples`). */
const components: [z.ZodType, string, unknown][] = [
  [problemSchema, 'Problem', problemSchema.meta()?.example],
  [
    tokenSchema,
    'Token',
    {
      accessToken: 'eyJhbGciOiJIUzI1NiJ9.…',
      expiresAt: '2026-11-20T14:40:00.000Z',
      mustChangePassword: false,
    },
  ],
  [
    meSchema,
    'Me',
    {
      id: viewer,
      username: 'hkorhonen',
      displayName: 'Heikki Korhonen',
      roles: ['viewer'],
      siteIds: [site],
      mustChangePassword: false,
    },
  ],
  [userSchema, 'User', user],
  [
    newUserSchema,
    'NewUser',
    {
      username: 'hkorhonen',
      displayName: 'Heikki Korhonen',
      password: 'vaihda-tama-heti-2026',
      roles: ['viewer'],
      siteIds: [site],
      vmsUsernames: ['[BASIC]\\hkorhonen'],
    },
  ],
  [userPatchSchema, 'UserPatch', { roles: ['viewer', 'responsible'], siteIds: [site] }],
  [
    externalIdentitySchema,
    'ExternalIdentity',
    {
      userId: viewer,
      subject: 'heikki.korhonen@lahti.fi',
      linkedAt: '2026-11-20T08:00:00.000Z',
      linkedBy: '3a1f0c52-8e7b-4d6a-9f21-0b4c5d6e7f80',
    },
  ],
  [apiKeySchema, 'ApiKey', apiKey],
  [issuedApiKeySchema, 'IssuedApiKey', { ...apiKey, key: 'cctvk_2bXk…' }],
  [
    siteSchema,
    'Site',
    {
      id: site,
      name: 'Hollolan omatoimikirjasto',
      municipality: 'Hollola',
      createdAt: '2026-11-01T07:00:00.000Z',
    },
  ],
  [newSiteSchema, 'NewSite', { name: 'Hollolan omatoimikirjasto', municipality: 'Hollola' }],
  [
    cameraSchema,
    'Camera',
    {
      id: entrance,
      siteId: site,
      name: 'Sisäänkäynti',
      vmsNames: ['Hollola Sisäänkäynti'],
      createdAt: '2026-11-01T07:05:00.000Z',
      deactivatedAt: null,
    },
  ],
  [newCameraSchema, 'NewCamera', { siteId: site, name: 'Sisäänkäynti', vmsNames: ['Hollola Sisäänkäynti'] }],
  [
    accessLogRowSchema,
    'AccessLogRow',
    {
      id: 43,
      at: '2026-11-20T14:25:00.000Z',
      actorId: viewer,
      actorUsername: 'hkorhonen',
      action: 'viewing.record',
      targetType: 'viewing',
      targetId: entry,
      ip: '10.20.30.40',
      outcome: 'success',
      status: 201,
      requestId: '2ae6b28f-384d-4e17-ac3f-9ca5c69e5565',
      detail: null,
    },
  ],
  [
    grantSchema,
    'NewViewingRight',
    { userId: viewer, siteId: site, commitmentRef: 'LAH/1234/2026', commitmentSignedOn: '2026-11-01' },
  ],
  [
    revocationSchema,
    'Revocation',
    { reason: 'Siirtyi toiseen yksikköön', effectiveAt: '2026-12-01T00:00:00+02:00' },
  ],
  [viewingRightSchema, 'ViewingRight', viewingRight],
  [
    newViewingSchema,
    'NewViewing',
    {
      viewedAt: '2026-11-20T16:05:00+02:00',
      viewedUntil: '2026-11-20T16:20:00+02:00',
      siteId: site,
      cameraIds: [entrance],
      description: 'Rikottu ikkuna sisäänkäynnillä',
      footageFrom: '2026-11-19T22:00:00+02:00',
      footageTo: '2026-11-19T23:00:00+02:00',
      footageTimeEstimated: true,
      grounds: 'crime_investigation',
      justification: 'Ilkivalta havaittiin aamulla, tekoaika selvitettävä',
      decidedBy: { userId: responsible },
    },
  ],
  [viewingSchema, 'Viewing', viewing],
  [listedViewingSchema, 'ListedViewing', { ...viewing, voided: null }],
  [viewingHistorySchema, 'ViewingHistory', undefined],
  [
    amendmentSchema,
    'Amendment',
    { changes: { cameraIds: [sideDoor] }, reason: 'Kamera merkitty ensin väärin' },
  ],
  [voidSchema, 'Void', { reason: 'Sama katselu kirjattu kahdesti' }],
  [verifyResultSchema, 'VerifyResult', { ok: true, head: { seq: 20, hash } }],
  [
    checkpointSchema,
    'Checkpoint',
    {
      format: 'cctv-ledger-checkpoint/1',
      seq: 20,
      hash,
      at: '2026-11-30T12:00:00.000Z',
      publicKey: 'MCowBQYDK2VwAyEA…',
      signature: 'q3b8…',
    },
  ],
  [
    newRequestSchema,
    'NewOutsideRequest',
    {
      requesterName: 'Vanhempi konstaapeli Matti Mäkinen',
      organisation: 'Hämeen poliisilaitos',
      organisationIsPolice: true,
      contact: 'matti.makinen@poliisi.fi',
      reference: '5500/R/12345/26',
      asks: ['viewing', 'copy'],
      siteId: site,
      cameraIds: [entrance],
      footageFrom: '2026-11-19T22:00:00+02:00',
      footageTo: '2026-11-19T23:00:00+02:00',
      statedLegalBasis: 'Poliisilaki 4:2',
      receivedAt: '2026-11-20T11:00:00+02:00',
      channel: 'email',
    },
  ],
  [outsideRequestSchema, 'OutsideRequest', outsideRequest],
  [requestDetailSchema, 'OutsideRequestDetail', { ...outsideRequest, copies: [madeCopy], history: [] }],
  [
    decisionSchema,
    'Decision',
    { decision: 'accepted', reason: 'Poliisin esitutkinta, luovutus sallittu (R8)' },
  ],
  [closureSchema, 'Closure', {}],
  [
    newCopySchema,
    'NewCopy',
    {
      cameraIds: [entrance],
      footageFrom: '2026-11-19T22:00:00+02:00',
      footageTo: '2026-11-19T23:00:00+02:00',
      medium: 'salattu USB-muisti',
      identifier: 'USB-0042',
      storageLocation: 'Takahuoneen kassakaappi',
    },
  ],
  [copySchema, 'Copy', madeCopy],
  [
    deliverySchema,
    'Delivery',
    {
      deliveredAt: '2026-11-21T11:00:00+02:00',
      recipientName: 'Matti Mäkinen',
      recipientUnit: 'Lahden poliisiasema',
      receiptRef: 'KUITTI-7',
    },
  ],
  [
    destructionSchema,
    'Destruction',
    {
      destroyedAt: '2026-11-28T10:00:00+02:00',
      method: 'USB-muisti tyhjennetty ja silputtu',
      witness: 'Liisa Virtanen',
    },
  ],
  [
    runRequestSchema,
    'NewReconciliation',
    { from: '2026-11-20T00:00:00+02:00', to: '2026-11-21T00:00:00+02:00', siteIds: [site] },
  ],
  [runSummarySchema, 'Reconciliation', runSummary],
  [runPageSchema, 'ReconciliationPage', { ...runSummary, findings: [storedFinding], nextCursor: null }],
  [storedFindingSchema, 'Finding', storedFinding],
  [importReportSchema, 'VmsImportReport', vmsImportReport],
  [storedImportSchema, 'StoredVmsImport', vmsImportReport],
  [
    storedProfileSchema,
    'VmsProfile',
    {
      profile: { id: 'milestone-xprotect', label: 'Milestone XProtect audit log', format: 'csv' },
      builtIn: true,
      createdBy: null,
      createdAt: null,
    },
  ],
  [
    recordingBatchSchema,
    'RecordingBatch',
    {
      segments: [
        {
          cameraId: entrance,
          externalId: 'seg-20261120-0700',
          start: '2026-11-20T07:00:00.000Z',
          end: '2026-11-20T08:00:00.000Z',
          imageRef: 'vms://entrance/20261120-0700',
        },
      ],
      cardReads: [
        {
          cameraId: entrance,
          externalId: 'card-20261120-0712',
          cardNumber: '2000 1111',
          at: '2026-11-20T07:12:00.000Z',
        },
      ],
    },
  ],
  [
    ingestResultSchema,
    'IngestResult',
    {
      accepted: [
        { kind: 'segment', index: 0, expiresAt: '2026-12-04T08:00:00.000Z' },
        { kind: 'card_read', index: 0, expiresAt: '2026-12-04T07:12:00.000Z' },
      ],
      duplicates: [],
      refused: [],
    },
  ],
  [recordingItemSchema, 'RecordingItem', segment],
  [recordingSearchSchema, 'RecordingSearch', { reads: [cardRead], segments: [segment], truncated: false }],
  [
    retentionStatusSchema,
    'RetentionStatus',
    {
      now: '2026-11-21T07:00:00.000Z',
      retentionHours: 336,
      purgeIntervalSeconds: 300,
      oldestLiveItem: { kind: 'segment', expiresAt: '2026-11-21T07:04:00.000Z' },
      nextExpiry: '2026-11-21T07:04:00.000Z',
      pastExpiry: 0,
      lastPass: {
        passId: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
        startedAt: '2026-11-21T06:58:00.000Z',
        finishedAt: '2026-11-21T06:58:00.120Z',
        durationMs: 120,
        deleted: 14,
        counts: { segment: 12, card_read: 2 },
        outcome: 'completed',
      },
      kinds: [
        {
          kind: 'segment',
          retentionHours: 0,
          oldestExpiry: '2026-11-21T07:04:00.000Z',
          nextExpiry: '2026-11-21T07:04:00.000Z',
          pastExpiry: 0,
        },
      ],
    },
  ],
  [
    tombstoneSchema,
    'Tombstone',
    {
      id: 'f4a5b6c7-d8e9-4f0a-9b1c-2d3e4f5a6b7c',
      seq: 112,
      passId: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
      purgedAt: '2026-11-21T06:58:00.100Z',
      periodFrom: '2026-11-07T06:00:00.000Z',
      periodTo: '2026-11-07T06:55:00.000Z',
      itemCount: 14,
      counts: { segment: 12, card_read: 2 },
      cameras: [
        {
          cameraId: entrance,
          siteId: site,
          counts: { segment: 12, card_read: 2 },
          from: '2026-11-07T06:00:00.000Z',
          to: '2026-11-07T06:55:00.000Z',
        },
      ],
    },
  ],
  [
    ledgerImportReportSchema,
    'LedgerImportReport',
    {
      fileName: 'kirjanpito-2024.xlsx',
      fileSha256: 'a8e557185c48cbf51c16d648b2ff1d3581d9a7e9e7fb9da1d8bc854f94de5b3a',
      sheet: 'Taul1',
      headerRow: 2,
      columns: [{ field: 'viewedAt', item: 1, column: 'A', heading: 'Katselupäivä ja kellonaika' }],
      rowsRead: 2,
      imported: 1,
      alreadyImported: 0,
      invalid: 1,
      rejectedRequests: [],
      errors: [
        {
          row: 4,
          item: 1,
          column: 'A “Katselupäivä ja kellonaika”',
          message: 'R7 item 1: “31.2.2024 14.30” is not a valid date and time',
        },
      ],
      errorCount: 1,
      warnings: [],
      warningCount: 0,
      importedAt: '2026-11-21T07:00:00.000Z',
      importedBy: responsible,
    },
  ],
  [
    cameraPatchSchema,
    'CameraPatch',
    { name: 'Sisäänkäynti (pääovi)', vmsNames: ['Hollola Sisäänkäynti', 'HOL-CAM-01'] },
  ],
  [runListSchema, 'ReconciliationList', { items: [runSummary], nextCursor: null }],
  [
    findingEvidenceSchema,
    'FindingEvidence',
    {
      ...storedFinding,
      events: [
        {
          id: '3',
          importId: vmsImportReport.id,
          siteId: site,
          occurredAt: '2026-11-20T14:55:31.000Z',
          rawTime: '11/20/2026 4:55:31 PM',
          vmsUser: '[BASIC]\\hkorhonen',
          cameraName: 'Hollola Sisäänkäynti',
          action: 'export',
          actionText: 'Export started',
          footageFrom: '2026-11-20T13:00:00.000Z',
          footageTo: '2026-11-20T13:20:00.000Z',
          host: 'HOL-VMS01',
          message: null,
          line: 4,
        },
      ],
    },
  ],
  [
    checkpointResultSchema,
    'CheckpointCheck',
    { ok: true, head: { seq: 18, hash }, checkpoint: { seq: 12, hash } },
  ],
  [
    deskSummarySchema,
    'Desk',
    {
      awaitingDecision: { items: [outsideRequest], total: 1 },
      acceptedWithoutCopy: { items: [], total: 0 },
      copiesToDestroy: { items: [], total: 0 },
      copyDestroyDays: 7,
      lateEntries: { days: 30, count: 0 },
      openFindings: {
        runId: run,
        startedAt: runSummary.startedAt,
        from: runSummary.from,
        to: runSummary.to,
        byKind: { unlogged_export: 1 },
        total: 1,
      },
      purge: { onTime: true, overdueKinds: [], lastPassAt: '2026-11-21T07:55:00.000Z' },
      imports: [{ siteId: site, name: 'Hollolan omatoimikirjasto', lastAt: vmsImportReport.importedAt }],
    },
  ],
  [
    notificationSettingsSchema,
    'NotificationSettings',
    {
      email: 'liisa.virtanen@kirjasto.example',
      language: 'fi',
      kinds: ['request_registered', 'request_footage_24h', 'request_footage_4h', 'copy_overdue'],
      alwaysSent: ['request_footage_24h', 'request_footage_4h', 'copy_overdue'],
    },
  ],
  [notificationSettingsPatchSchema, 'NotificationSettingsChange', undefined],
  [
    notificationDeliverySchema,
    'NotificationDelivery',
    {
      id: 'e4a5b72c-d4f6-4d71-8c9a-becfd0e1f20a',
      kind: 'request_footage_24h',
      userId: responsible,
      siteId: site,
      status: 'sent',
      attempts: 1,
      unconfirmed: 0,
      messageId: '<3f2a9c0d1e4b5a6c7d8e9f0a1b2c3d4e5f6a7b8c@kirjasto.example>',
      createdAt: '2026-11-21T07:00:00.000Z',
      nextAttemptAt: '2026-11-21T07:00:00.000Z',
      sentAt: '2026-11-21T07:00:02.000Z',
      lastError: null,
    },
  ],
];

/**
 * Names the shapes and attaches their examples, once per process: zod's registry refuses a
 * name given twice, and every app of a test run shares it.
 */
export function nameApiShapes(): void {
  for (const [schema, id, example] of components) {
    if (z.globalRegistry.get(schema)?.id === id) continue;
    const meta = { ...z.globalRegistry.get(schema), id };
    z.globalRegistry.add(schema, example === undefined ? meta : { ...meta, example });
  }
}
