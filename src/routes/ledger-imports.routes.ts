import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid } from '../errors.js';
import {
  importFields,
  importLedgerWorkbook,
  type LedgerMapping,
  ledgerMappingSchema,
} from '../export/index.js';
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

/** Import of the Excel ledgers kept before the service (issue 7): rows become imported entries on the chain. */
export const ledgerImportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const limits = app.config.imports;
  // Encapsulated here: only this plugin's routes accept multipart bodies.
  await app.register(multipart, {
    limits: { fileSize: limits.maxBytes, files: 1, fields: 10, fieldSize: 100_000 },
  });

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
    async (request, reply) => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'cctv-ledger-import-'));
      try {
        const fields: Record<string, string> = {};
        let fileName: string | null = null;
        const file = path.join(dir, 'upload.xlsx');
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file') throw invalid(part.fieldname, 'the file goes in the field `file`');
            fileName = part.filename || 'upload.xlsx';
            await pipeline(part.file, createWriteStream(file));
          } else {
            fields[part.fieldname] = String(part.value);
          }
        }
        if (fileName === null) throw invalid('file', 'a file is required');
        const parsed = formFields.safeParse(fields);
        if (!parsed.success) {
          const first = parsed.error.issues[0];
          const keys = first && 'keys' in first ? (first.keys as string[]) : [];
          throw invalid(keys[0] ?? String(first?.path[0] ?? 'form'), first?.message ?? 'invalid form');
        }
        const f = parsed.data;
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
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
};
