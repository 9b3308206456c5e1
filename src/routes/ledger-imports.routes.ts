import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid } from '../errors.js';
import { acceptUploads, withUpload } from '../http/upload.js';
import {
  importFields,
  importLedgerWorkbook,
  type LedgerMapping,
  ledgerMappingSchema,
} from '../ledger-import/index.js';
import { problems } from './schemas.js';

const issueSchema = z.object({
  row: z.number(),
  item: z.number().nullable(),
  column: z.string().nullable(),
  message: z.string(),
});

const reportSchema = z.object({
  fileName: z.string(),
  fileSha256: z.string(),
  sheet: z.string(),
  headerRow: z.number(),
  columns: z.array(
    z.object({ field: z.enum(importFields), item: z.number(), column: z.string(), heading: z.string() }),
  ),
  rowsRead: z.number(),
  imported: z.number(),
  alreadyImported: z.number(),
  invalid: z.number(),
  rejectedRequests: z.array(z.object({ row: z.number(), requester: z.string() })),
  errors: z.array(issueSchema),
  errorCount: z.number(),
  warnings: z.array(issueSchema),
  warningCount: z.number(),
  importedAt: z.string(),
  importedBy: z.string(),
});

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
  await acceptUploads(app, limits.maxBytes, 100_000);

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
        response: { 201: reportSchema, ...problems },
      },
    },
    async (request, reply) =>
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
            limits: {
              maxXlsxUncompressedBytes: limits.xlsxMaxUncompressedBytes,
              maxXlsxEntries: limits.xlsxMaxEntries,
            },
          },
          app.now(),
        );
        return reply.code(201).send(report);
      }),
  );
};
