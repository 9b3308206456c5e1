import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isResponsibleFor, type Principal, readableSites, userNames } from '../auth/index.js';
import { DomainError } from '../errors.js';
import { recordRequestAccess } from '../http/request-access.js';
import { acceptUploads, withUpload } from '../http/upload.js';
import { listSites } from '../sites/index.js';
import {
  findProfile,
  getVmsImport,
  ImportRefused,
  type ImportReport,
  importVmsFile,
  listProfiles,
  listVmsImports,
} from '../vms/index.js';
import type { Assets } from './assets.js';
import type { FormErrors } from './components/fields.js';
import { MessagePage } from './pages/message.js';
import { VmsImportReportPage } from './pages/vms-import-report.js';
import { importTimeZones, type UploadFormValues, VmsImportsPage } from './pages/vms-imports.js';
import { domainRefusals, refusalText } from './refusals.js';
import { pageContext, sendPage } from './render.js';
import { csrfMatches } from './session.js';
import { formText } from './typed-input.js';

const pageSize = 20;
const readers = ['responsible', 'auditor'] as const;

/** The multipart form's text fields; the file itself is spooled by `withUpload`. */
const uploadFields = z.object({
  _csrf: z.string().optional(),
  siteId: z.string().min(1),
  profile: z.string().min(1),
  timeZone: z.string().min(1),
  skipInvalid: z.literal('on').optional(),
});

/** R6: the sites whose logs a person reads: an auditor's all, a responsible person's own. */
async function logSites(app: FastifyInstance, me: Principal) {
  const readable = readableSites(me);
  return listSites(
    app.database.db,
    readable === 'all' ? undefined : readable.filter((s) => isResponsibleFor(me, s)),
  );
}

/** Camera-system log imports (R6): upload with progress, the report, a site's earlier imports. */
export async function vmsImportPages(app: FastifyInstance, opts: { assets: Assets }) {
  const db = app.database.db;
  const limits = app.config.imports;
  // The same limits as the API's imports, the same spool (src/http/upload.ts).
  await acceptUploads(app, { maxBytes: limits.maxBytes, setting: 'IMPORT_MAX_BYTES' }, 10_000);
  const ctx = (request: FastifyRequest) => pageContext(request, opts.assets);

  const profileOptions = async () =>
    (await listProfiles(db)).map((p) => ({
      value: String(p.profile.id),
      label: String(p.profile.label ?? p.profile.id),
    }));

  /** The upload form and earlier imports of the chosen site, with the form as typed. */
  async function importsPage(
    request: FastifyRequest,
    siteId: string,
    typed: UploadFormValues | null,
    errors: FormErrors,
    before?: string,
  ) {
    const me = request.principal!;
    const sites = await logSites(app, me);
    const site = sites.find((s) => s.id === siteId) ?? (sites.length === 1 ? sites[0]! : null);
    const [profiles, page] = await Promise.all([
      profileOptions(),
      site
        ? listVmsImports(db, me, { siteId: site.id, before, limit: pageSize })
        : { items: [], nextCursor: null },
    ]);
    // Remembered per site: the profile and time zone of the site's last import.
    const last = site && !before ? page.items[0] : undefined;
    const values = typed ?? {
      profile: last?.profile ?? profiles[0]?.value ?? '',
      timeZone: last?.timeZone ?? importTimeZones[0]!,
      skipInvalid: false,
    };
    const base = site ? `/vms-imports?siteId=${encodeURIComponent(site.id)}` : '/vms-imports';
    return (
      <VmsImportsPage
        sites={sites}
        site={site}
        canUpload={site !== null && isResponsibleFor(me, site.id)}
        profiles={profiles}
        values={values}
        remembered={typed === null && last !== undefined}
        errors={errors}
        maxMegabytes={Math.floor(limits.maxBytes / 1_000_000)}
        imports={page.items}
        profileNames={new Map(profiles.map((p) => [p.value, p.label]))}
        first={before ? base : undefined}
        next={page.nextCursor ? `${base}&before=${encodeURIComponent(page.nextCursor)}` : undefined}
      />
    );
  }

  const reportPage = async (report: ImportReport, refused?: string) => {
    const [sites, profiles, names] = await Promise.all([
      listSites(db, [report.siteId]),
      profileOptions(),
      userNames(db, [report.importedBy]),
    ]);
    return (
      <VmsImportReportPage
        report={report}
        site={sites[0]?.name ?? ''}
        profile={profiles.find((p) => p.value === report.profile)?.label ?? report.profile}
        importedBy={names.get(report.importedBy) ?? ''}
        refused={refused}
      />
    );
  };

  app.get(
    '/vms-imports',
    { config: { roles: readers, audit: { action: 'vms_import.list', logQuery: true } } },
    async (request, reply) => {
      const before = formText(request.query, 'before') || undefined;
      const page = await importsPage(request, formText(request.query, 'siteId'), null, {}, before);
      return sendPage(reply, ctx(request), page);
    },
  );

  const refusedForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    fields: Record<string, string>,
    errors: FormErrors,
    status: number,
  ) => {
    const typed = {
      profile: fields.profile ?? '',
      timeZone: fields.timeZone ?? '',
      skipInvalid: fields.skipInvalid === 'on',
    };
    return sendPage(
      reply,
      ctx(request),
      await importsPage(request, fields.siteId ?? '', typed, errors),
      status,
    );
  };

  app.post(
    '/vms-imports',
    {
      config: {
        roles: ['responsible'],
        multipartForm: true,
        audit: { action: 'vms_import.create', targetType: 'vms_import' },
      },
    },
    async (request, reply) => {
      const { m } = request.web;
      // The same bound as the API's (IMPORTS_MAX_CONCURRENT): past it, said at once, nothing read.
      const release = request.server.importSlots.take();
      if (release === null) {
        const text = refusalText(m, 'imports_busy', '');
        return sendPage(
          reply.header('retry-after', '5'),
          ctx(request),
          <MessagePage title={m.errorTitle} text={text} />,
          503,
        );
      }
      // Given back once the answer is sent, before the spooled file is removed, so that the
      // next upload of the same person never finds this one still running (as the API does).
      reply.raw.once('finish', release);
      const seen: Record<string, string> = {};
      try {
        return await withUpload(request, uploadFields.partial(), async ({ path, fileName, fields }) => {
          Object.assign(seen, fields);
          if (!csrfMatches(request, fields._csrf)) {
            await recordRequestAccess(app, request, 'web.csrf', 403, { path: '/vms-imports' });
            return sendPage(reply, ctx(request), <MessagePage title={m.csrfTitle} text={m.csrfText} />, 403);
          }
          const checked = uploadFields.safeParse(fields);
          if (!checked.success) {
            const errors: Record<string, string> = {};
            for (const issue of checked.error.issues) errors[String(issue.path[0])] ??= m.fieldRequired;
            return refusedForm(request, reply, seen, errors, 422);
          }
          const f = checked.data;
          const report = await importVmsFile(
            db,
            request.principal!,
            path,
            {
              siteId: f.siteId,
              profile: await findProfile(db, f.profile),
              timeZone: f.timeZone,
              fileName,
              skipInvalid: f.skipInvalid === 'on',
              limits: limits.xlsx,
            },
            app.now(),
          );
          const reportUrl = `/vms-imports/${encodeURIComponent(report.id ?? '')}`;
          // The page script's upload opens the report itself (src/web/assets/app.js).
          if (request.headers['x-upload-progress'] === '1')
            return reply.code(201).header('location', reportUrl).send();
          return reply.redirect(reportUrl, 303);
        });
      } catch (err) {
        if (err instanceof ImportRefused) {
          const text = refusalText(m, err.code, err.message);
          return sendPage(reply, ctx(request), await reportPage(err.report, text), 422);
        }
        if (!(err instanceof DomainError) || err.status >= 500) throw err;
        return refusedForm(
          request,
          reply,
          seen,
          domainRefusals(m, err, (f) => f.split(':')[0] ?? f),
          err.status === 413 ? 413 : 422,
        );
      } finally {
        release();
      }
    },
  );

  app.get(
    '/vms-imports/:id',
    { config: { roles: readers, audit: { action: 'vms_import.read', targetType: 'vms_import' } } },
    async (request, reply) => {
      const report = await getVmsImport(db, request.principal!, (request.params as { id: string }).id);
      return sendPage(reply, ctx(request), await reportPage(report));
    },
  );
}
