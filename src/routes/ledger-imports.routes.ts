import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid } from '../errors.js';
import { inImportSlot } from '../http/import-slots.js';
import { problemSchema } from '../http/problem.js';
import { acceptUploads, withUpload } from '../http/upload.js';
import {
  importLedgerWorkbook,
  type LedgerMapping,
  ledgerImportReportSchema,
  ledgerMappingSchema,
} from '../ledger-import/index.js';
import { problems } from './schemas.js';

const formFields = z.strictObject({
  siteId: z.string().min(1).max(100).optional(),
  sheet: z.string().min(1).max(100).optional(),
  mapping: z.string().min(2).max(100_000).optional(),
  skipInvalid: z.enum(['true', 'false']).optional(),
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
        tags: ['exports'],
        consumes: ['multipart/form-data'],
        description:
          'multipart/form-data with `file` (an .xlsx ledger), optional `siteId` (every row goes to that site; without it a site column names each row’s site), `sheet`, `mapping` (JSON: {sheet, headerRow, columns: {field: heading or column letter}, grounds: {text: category}}) and `skipInvalid` (true: import the valid rows and report the rest; default all or nothing). Importing the same file again imports nothing.',
        response: { 201: ledgerImportReportSchema, ...problems, 503: problemSchema },
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
