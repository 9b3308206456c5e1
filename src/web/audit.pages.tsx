import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listAccess } from '../audit/index.js';
import { listUsers } from '../auth/index.js';
import {
  type CheckpointResult,
  checkpointSchema,
  createCheckpoint,
  type VerifyResult,
  verifyAgainstCheckpoint,
  verifyLedger,
} from '../protocol/index.js';
import { cardNumberSchema, plateSchema, searchLimit, searchRecordings } from '../retention/index.js';
import { listCameras, listSites } from '../sites/index.js';
import { parseWallDate } from '../wall-time.js';
import { formText } from './admin-form.js';
import type { Assets } from './assets.js';
import { AuditLedgerPage, type LedgerCheck } from './pages/audit-ledger.js';
import { type AccessLogQuery, AuditLogPage, outcomeValues } from './pages/audit-log.js';
import { AuditSearchPage, type SearchForm } from './pages/audit-search.js';
import { pageContext, sendPage } from './render.js';

const auditor = ['auditor'] as const;
const pageSize = 50;
/** A checkpoint file is a few hundred bytes; anything much larger is not one. */
const checkpointMaxBytes = 64 * 1024;

/** A result of the domain's check as the page says it: a forged checkpoint names no entry. */
function ledgerCheckOf(result: VerifyResult | CheckpointResult): LedgerCheck {
  if (result.ok) {
    return 'checkpoint' in result
      ? { kind: 'intact', seq: result.head.seq, checkpoint: result.checkpoint.seq }
      : { kind: 'intact', seq: result.head.seq };
  }
  if (result.code === 'bad_signature') return { kind: 'bad_signature' };
  return { kind: 'broken', seq: result.brokenAt, code: result.code, table: result.table };
}

/**
 * The auditor's pages: the ledger's integrity (R4) now and against a checkpoint, checkpoints
 * to keep outside the service, the access log (R10) and the data subject search (R11).
 */
export async function auditPages(app: FastifyInstance, opts: { assets: Assets }) {
  const db = app.database.db;
  const ctx = (request: FastifyRequest) => pageContext(request, opts.assets);

  app.get('/audit', { config: { roles: auditor } }, async (request, reply) =>
    sendPage(reply, ctx(request), <AuditLedgerPage errors={{}} />),
  );

  app.post(
    '/audit/verify',
    { config: { roles: auditor, audit: { action: 'ledger.verify' } } },
    async (request, reply) =>
      sendPage(
        reply,
        ctx(request),
        <AuditLedgerPage check={ledgerCheckOf(await verifyLedger(db))} errors={{}} />,
      ),
  );

  app.post(
    '/audit/checkpoint',
    { config: { roles: auditor, audit: { action: 'ledger.checkpoint' } } },
    async (_request, reply) => {
      const checkpoint = await createCheckpoint(db, app.checkpointKeys(), app.now());
      return reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="cctv-ledger-checkpoint-${checkpoint.seq}.json"`)
        .send(`${JSON.stringify(checkpoint, null, 2)}\n`);
    },
  );

  // The checkpoint file comes as a form upload. Its fields, the form token among them, are
  // read into the body before the pages' token check runs (multipart's preValidation hook).
  await app.register(async (upload) => {
    await upload.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: checkpointMaxBytes, files: 1, fields: 5, fieldSize: 1024 },
    });
    upload.post(
      '/audit/verify-checkpoint',
      { config: { roles: auditor, audit: { action: 'ledger.verify_checkpoint' } } },
      async (request, reply) => {
        const { m } = request.web;
        const file = (request.body as Record<string, unknown> | undefined)?.file;
        const refused = (text: string) =>
          sendPage(reply, ctx(request), <AuditLedgerPage errors={{ file: text }} />, 422);
        if (!Buffer.isBuffer(file) || file.length === 0) return refused(m.auditFileMissing);
        let parsed: ReturnType<typeof checkpointSchema.safeParse>;
        try {
          parsed = checkpointSchema.safeParse(JSON.parse(file.toString('utf8')));
        } catch {
          return refused(m.auditNotCheckpoint);
        }
        if (!parsed.success) return refused(m.auditNotCheckpoint);
        const result = await verifyAgainstCheckpoint(db, app.checkpointKeys(), parsed.data);
        return sendPage(reply, ctx(request), <AuditLedgerPage check={ledgerCheckOf(result)} errors={{}} />);
      },
    );
  });

  app.get(
    '/audit/access-log',
    { config: { roles: auditor, audit: { action: 'audit_log.read', logQuery: true } } },
    async (request, reply) => {
      const { m } = request.web;
      const raw = request.query as Record<string, unknown>;
      const q: AccessLogQuery = {
        actorId: formText(raw, 'actorId'),
        action: formText(raw, 'action').trim(),
        from: formText(raw, 'from'),
        to: formText(raw, 'to'),
        outcome: (outcomeValues as readonly string[]).includes(formText(raw, 'outcome'))
          ? formText(raw, 'outcome')
          : '',
      };
      const before = /^\d{1,15}$/.test(formText(raw, 'before')) ? Number(formText(raw, 'before')) : undefined;
      const errors: Record<string, string> = {};
      const from = q.from ? parseWallDate(q.from) : undefined;
      const to = q.to ? parseWallDate(q.to) : undefined;
      if (from && !from.ok) errors.from = m.dateFormat;
      if (to && !to.ok) errors.to = m.dateFormat;
      const [page, users] = await Promise.all([
        listAccess(db, {
          actorId: q.actorId || undefined,
          action: q.action || undefined,
          outcome: q.outcome || undefined,
          from: from?.ok ? from.start : undefined,
          to: to?.ok ? to.end : undefined,
          before,
          limit: pageSize,
        }),
        listUsers(db),
      ]);
      const people = users.map((u) => ({ id: u.id, label: `${u.displayName} (${u.username})` }));
      return sendPage(
        reply,
        ctx(request),
        <AuditLogPage
          rows={page.items}
          q={q}
          people={people}
          errors={errors}
          nextCursor={page.nextCursor}
          paged={before !== undefined}
        />,
        Object.keys(errors).length > 0 ? 422 : 200,
      );
    },
  );

  app.get('/audit/search', { config: { roles: auditor } }, async (request, reply) =>
    sendPage(reply, ctx(request), <AuditSearchPage form={{ by: 'card', term: '' }} errors={{}} />),
  );

  // R11, R10: the search is logged with its terms, as the API's is.
  app.get(
    '/audit/search/results',
    { config: { roles: auditor, audit: { action: 'recording.search', logQuery: true } } },
    async (request, reply) => {
      const { m } = request.web;
      const form: SearchForm = { by: formText(request.query, 'by'), term: formText(request.query, 'term') };
      const errors: Record<string, string> = {};
      if (form.by !== 'card' && form.by !== 'plate') errors.by = m.fieldRequired;
      const schema = form.by === 'plate' ? plateSchema : cardNumberSchema;
      const term = schema.safeParse(form.term);
      if (!form.term.trim()) errors.term = m.fieldRequired;
      else if (!term.success) errors.term = m.fieldInvalid;
      if (Object.keys(errors).length > 0 || !term.success) {
        return sendPage(reply, ctx(request), <AuditSearchPage form={form} errors={errors} />, 422);
      }
      const query = form.by === 'plate' ? { plate: term.data } : { card: term.data };
      const [search, sites, cameras] = await Promise.all([
        searchRecordings(
          db,
          { ...query, aroundMinutes: 15 },
          app.now(),
          app.retention.settings.recordingHours,
        ),
        listSites(db),
        listCameras(db),
      ]);
      const names = {
        sites: new Map(sites.map((s) => [s.id, s.name])),
        cameras: new Map(cameras.map((c) => [c.id, c.name])),
      };
      return sendPage(
        reply,
        ctx(request),
        <AuditSearchPage form={form} errors={{}} result={{ search, names, max: searchLimit }} />,
      );
    },
  );
}
