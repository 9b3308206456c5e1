import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readableSites } from '../auth/index.js';
import { DomainError } from '../errors.js';
import { sendLedgerDownload } from '../http/ledger-download.js';
import { listSites } from '../sites/index.js';
import { parseWallDate } from '../wall-time.js';
import type { Assets } from './assets.js';
import { isLang } from './messages/index.js';
import { type ExportForm, ExportPage, exportFormats } from './pages/export-form.js';
import { domainRefusals } from './refusals.js';
import { pageContext, sendPage } from './render.js';
import { topField } from './typed-form.js';

const exporters = ['responsible', 'auditor'] as const;

/** R4: the ledger workbook (or its protocol sheet as CSV) for a period, sites and language. */
export async function exportPages(app: FastifyInstance, opts: { assets: Assets }) {
  const db = app.database.db;

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    form: ExportForm,
    errors: Record<string, string>,
  ) {
    const me = request.principal!;
    const visible = readableSites(me);
    const sites = await listSites(db, visible === 'all' ? undefined : me.siteIds);
    return sendPage(
      reply,
      pageContext(request, opts.assets),
      <ExportPage form={form} errors={errors} sites={sites} />,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  }

  app.get('/export', { config: { roles: exporters } }, async (request, reply) =>
    show(request, reply, { from: '', to: '', siteId: '', lang: request.web.lang, format: 'xlsx' }, {}),
  );

  app.get(
    '/export/download',
    {
      config: { roles: exporters, audit: { action: 'ledger.export', targetType: 'ledger', logQuery: true } },
    },
    async (request, reply) => {
      const { m } = request.web;
      const raw = request.query as Record<string, unknown>;
      const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : '');
      const form: ExportForm = {
        from: str('from'),
        to: str('to'),
        siteId: str('siteId'),
        lang: isLang(str('lang')) ? str('lang') : request.web.lang,
        format: (exportFormats as readonly string[]).includes(str('format')) ? str('format') : 'xlsx',
      };
      const errors: Record<string, string> = {};
      const from = form.from ? parseWallDate(form.from) : undefined;
      const to = form.to ? parseWallDate(form.to) : undefined;
      if (from && !from.ok) errors.from = m.dateFormat;
      if (to && !to.ok) errors.to = m.dateFormat;
      if (Object.keys(errors).length > 0) return show(request, reply, form, errors);
      try {
        return await sendLedgerDownload(
          app,
          request,
          reply,
          {
            ...(from?.ok ? { from: from.start } : {}),
            ...(to?.ok ? { to: to.end } : {}),
            ...(form.siteId ? { siteId: form.siteId } : {}),
            lang: form.lang as 'fi',
          },
          form.format === 'csv' ? 'csv' : 'xlsx',
        );
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        return show(
          request,
          reply,
          form,
          domainRefusals(m, err, (f) => topField(f) || 'from'),
        );
      }
    },
  );
}
