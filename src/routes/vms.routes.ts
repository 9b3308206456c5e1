import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inImportSlot } from '../http/import-slots.js';
import { acceptUploads, uploadForm, withUpload } from '../http/upload.js';
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
import { idParams, limitQuery, listOf, pageOf, refusals } from './schemas.js';

const importFields = z.strictObject({
  siteId: z.string().min(1).describe('The site whose camera system wrote the log.'),
  profile: z.string().min(1).describe('How to read the file: a profile id, e.g. `milestone-xprotect`.'),
  timeZone: z
    .string()
    .min(1)
    .optional()
    .describe('IANA time zone of times without an offset; default the profile’s, else Europe/Helsinki.'),
  skipInvalid: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: store the valid rows and report the rest; default all or nothing.'),
});

/** A profile as a responsible person uploads it: an export whose columns are in Finnish. */
const profileExample = {
  id: 'axis-camera-station-fi',
  label: 'Axis Camera Station, suomenkielinen käyttöliittymä',
  format: 'csv',
  delimiter: ';',
  encoding: 'auto',
  columns: {
    date: 'Päivämäärä',
    time: 'Kellonaika',
    user: 'Käyttäjä',
    camera: 'Kamera',
    action: 'Tapahtuma',
    message: 'Lisätiedot',
  },
  timestamps: { formats: ['d.M.yyyy H.mm.ss'], timeZone: 'Europe/Helsinki' },
  actions: { match: 'contains', playback: ['katselu', 'toisto'], export: ['vienti'], live: ['live'] },
};

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
        operationId: 'importVmsLog',
        summary: 'Import a camera-system log',
        description:
          'Responsible persons of the site: a camera-system audit export read with a profile, all or nothing unless `skipInvalid` (R6).',
        tags: ['vms'],
        consumes: ['multipart/form-data'],
        multipartForm: uploadForm(importFields),
        response: {
          201: importReportSchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'unknown_site',
            'unknown_profile',
            'import_not_responsible',
            'site_not_yours',
            'file_unreadable',
            'rows_invalid',
            'payload_too_large',
            'unsupported_media_type',
            'imports_busy',
          ),
        },
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
        response: {
          200: pageOf(storedImportSchema),
          ...refusals('forbidden', 'validation_failed', 'bad_cursor'),
        },
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
        response: { 200: storedImportSchema, ...refusals('forbidden', 'not_found') },
      },
    },
    async (request) => getVmsImport(db, request.principal!, request.params.id),
  );

  app.get(
    '/api/v1/vms-profiles',
    {
      config: { roles: ['responsible', 'auditor'], audit: { action: 'vms_profile.list' } },
      schema: {
        operationId: 'listVmsProfiles',
        summary: 'List camera-system profiles',
        description:
          'Responsible persons and auditors: the built-in and added profiles imports can use (R6).',
        tags: ['vms'],
        response: { 200: listOf(storedProfileSchema), ...refusals('forbidden') },
      },
    },
    async () => ({ items: await listProfiles(db) }),
  );

  app.post(
    '/api/v1/vms-profiles',
    {
      config: { roles: ['responsible'], audit: { action: 'vms_profile.create', targetType: 'vms_profile' } },
      schema: {
        operationId: 'createVmsProfile',
        summary: 'Add a camera-system profile',
        description:
          'Responsible persons: a declarative profile (see `src/vms/README.md`), validated, then usable by id in imports (R6).',
        tags: ['vms'],
        body: z.record(z.string(), z.unknown()).meta({ example: profileExample }),
        response: {
          201: storedProfileSchema,
          ...refusals('forbidden', 'validation_failed', 'profile_not_responsible', 'profile_id_taken'),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await saveProfile(db, request.principal!, request.body, app.now())),
  );
};
