import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inImportSlot } from '../http/import-slots.js';
import { problemSchema } from '../http/problem.js';
import { acceptUploads, withUpload } from '../http/upload.js';
import {
  findProfile,
  getVmsImport,
  importReportSchema,
  importVmsFile,
  listProfiles,
  listVmsImports,
  saveProfile,
  storedImportSchema,
  storedProfileSchema,
} from '../vms/index.js';
import { idParams, limitQuery, listOf, pageOf, problems } from './schemas.js';

const importFields = z.strictObject({
  siteId: z.string().min(1),
  profile: z.string().min(1),
  timeZone: z.string().min(1).optional(),
  skipInvalid: z.enum(['true', 'false']).optional(),
});

/** R6 camera-system log imports (multipart upload) and their declarative profiles. */
export const vmsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const limits = app.config.imports;
  await acceptUploads(app, { maxBytes: limits.maxBytes, setting: 'IMPORT_MAX_BYTES' }, 10_000);

  app.post(
    '/api/v1/vms-imports',
    {
      config: { roles: ['responsible'], audit: { action: 'vms_import.create', targetType: 'vms_import' } },
      schema: {
        tags: ['vms'],
        consumes: ['multipart/form-data'],
        description:
          'multipart/form-data with fields `file`, `profile` (e.g. milestone-xprotect), `siteId`, optional `timeZone` (IANA, default the profile’s, else Europe/Helsinki) and `skipInvalid` (true: store valid rows and report the rest; default all or nothing).',
        response: { 201: importReportSchema, ...problems, 503: problemSchema },
      },
    },
    async (request, reply) =>
      inImportSlot(request, reply, () =>
        withUpload(request, importFields, async ({ path: file, fileName, fields: f }) => {
          const profile = await findProfile(db, f.profile);
          const report = await importVmsFile(
            db,
            request.principal!,
            file,
            {
              siteId: f.siteId,
              profile,
              timeZone: f.timeZone,
              fileName,
              skipInvalid: f.skipInvalid === 'true',
              limits: limits.xlsx,
            },
            app.now(),
          );
          return reply.code(201).send(report);
        }),
      ),
  );

  app.get(
    '/api/v1/vms-imports',
    {
      config: {
        roles: ['responsible', 'auditor'],
        audit: { action: 'vms_import.list', logQuery: true },
      },
      schema: {
        tags: ['vms'],
        operationId: 'listVmsImports',
        summary: 'A site’s camera-system log imports, newest first',
        description:
          'R6: the imports of one site with the report each gave (rows read, stored, duplicates, rejected rows with line and reason, warnings). For the site’s responsible persons and auditors; anyone else gets an empty list. Paged: pass `nextCursor` as `cursor`.',
        querystring: z.strictObject({
          siteId: z.string().min(1),
          cursor: z.string().min(1).max(100).optional(),
          limit: limitQuery,
        }),
        response: { 200: pageOf(storedImportSchema), ...problems },
      },
    },
    async (request) =>
      listVmsImports(db, request.principal!, {
        siteId: request.query.siteId,
        before: request.query.cursor,
        limit: request.query.limit,
      }),
  );

  app.get(
    '/api/v1/vms-imports/:id',
    {
      config: {
        roles: ['responsible', 'auditor'],
        audit: { action: 'vms_import.read', targetType: 'vms_import' },
      },
      schema: {
        tags: ['vms'],
        operationId: 'getVmsImport',
        summary: 'One camera-system log import and its report',
        description:
          'R6: the report of a stored import, for the site’s responsible persons and auditors (404 for anyone else).',
        params: idParams,
        response: { 200: storedImportSchema, ...problems },
      },
    },
    async (request) => getVmsImport(db, request.principal!, request.params.id),
  );

  app.get(
    '/api/v1/vms-profiles',
    {
      config: { roles: ['responsible', 'auditor'], audit: { action: 'vms_profile.list' } },
      schema: { tags: ['vms'], response: { 200: listOf(storedProfileSchema), ...problems } },
    },
    async () => ({ items: await listProfiles(db) }),
  );

  app.post(
    '/api/v1/vms-profiles',
    {
      config: { roles: ['responsible'], audit: { action: 'vms_profile.create', targetType: 'vms_profile' } },
      schema: {
        tags: ['vms'],
        description:
          'A declarative profile (see src/vms/README.md); validated, then usable by id in imports.',
        body: z.record(z.string(), z.unknown()),
        response: { 201: storedProfileSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await saveProfile(db, request.principal!, request.body, app.now())),
  );
};
