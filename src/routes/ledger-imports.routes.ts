import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid } from '../errors.js';
import { inImportSlot } from '../http/import-slots.js';
import { acceptUploads, uploadForm, withUpload } from '../http/upload.js';
import {
  importLedgerWorkbook,
  type LedgerMapping,
  ledgerImportReportSchema,
  ledgerMappingSchema,
} from '../ledger-import/index.js';
import { refusals } from './schemas.js';

const formFields = z.strictObject({
  siteId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Every row goes to this site; without it a site column names each row’s site.'),
  sheet: z.string().min(1).max(100).optional().describe('The worksheet to read; default the first.'),
  mapping: z
    .string()
    .min(2)
    .max(100_000)
    .optional()
    .describe(
      'JSON: {sheet, headerRow, columns: {field: heading or column letter}, grounds: {text: category}}; default the headings are recognised.',
    ),
  skipInvalid: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: import the valid rows and report the rest; default all or nothing.'),
});

function parseMapping(text: string | undefined): LedgerMapping | undefined {
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('mapping', 'the mapping is not JSON');
  }
  const parsed = ledgerMappingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(['mapping', ...(issue?.path ?? [])].join('.'), issue?.message ?? 'invalid mapping');
  }
  return parsed.data;
}

/** Import of the Excel ledgers kept before the service (R4): rows become imported entries on the chain. */
export const ledgerImportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const limits = app.config.imports;
  await acceptUploads(app, { maxBytes: limits.ledgerMaxBytes, setting: 'LEDGER_IMPORT_MAX_BYTES' }, 100_000);

  app.post(
    '/api/v1/ledger-imports',
    {
      config: {
        roles: ['responsible'],
        audit: { action: 'ledger_import.create', targetType: 'ledger_import' },
      },
      schema: {
        operationId: 'importLedgerWorkbook',
        summary: 'Import an earlier Excel ledger',
        tags: ['exports'],
        consumes: ['multipart/form-data'],
        description:
          'Responsible persons of the site: the Excel ledger kept before the service; its rows become imported entries on the hash chain (R4). All or nothing unless `skipInvalid`; importing the same file again imports nothing.',
        multipartForm: uploadForm(formFields),
        response: {
          201: ledgerImportReportSchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'unknown_site',
            'import_not_responsible',
            'site_not_yours',
            'file_unreadable',
            'rows_invalid',
            'entry_without_viewer',
            'payload_too_large',
            'unsupported_media_type',
            'imports_busy',
          ),
        },
      },
    },
    async (request, reply) =>
      inImportSlot(request, reply, () =>
        withUpload(request, formFields, async ({ path: file, fileName, fields: f }) => {
          const report = await importLedgerWorkbook(
            db,
            request.principal!,
            file,
            {
              fileName,
              siteId: f.siteId,
              sheet: f.sheet,
              mapping: parseMapping(f.mapping),
              skipInvalid: f.skipInvalid === 'true',
              limits: limits.ledgerXlsx,
              via: 'api',
            },
            app.now(),
          );
          return reply.code(201).send(report);
        }),
      ),
  );
};
