import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportQuerySchema } from '../export/index.js';
import { sendLedgerDownload, xlsxType } from '../http/ledger-download.js';
import { refusals } from './schemas.js';

/** Both exports refuse alike: they check the same query and the same permissions. */
const exportRefusals = refusals(
  'forbidden',
  'validation_failed',
  'export_not_allowed',
  'site_not_yours',
  'period_reversed',
);

/** The Excel ledger auditors receive, and its protocol sheet as CSV (R4 R7; R10 logs each with its filters). */
export const exportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const config = (action: string) => ({
    roles: ['responsible', 'auditor'] as const,
    audit: { action, targetType: 'ledger', logQuery: true },
  });

  app.get(
    '/api/v1/exports/ledger.xlsx',
    {
      config: config('ledger.export_xlsx'),
      schema: {
        operationId: 'exportLedgerWorkbook',
        summary: 'Export the ledger workbook',
        tags: ['exports'],
        description:
          'Responsible persons (their own sites) and auditors (every site); logged with its filters (R10). The ledger workbook (R4): protocol (the six items of R7, one row per viewing and per rejected request), viewing rights, outside requests, copies, reconciliation findings (of the latest run covering each site and time), retention tombstones, with `accessLog=true` the access log (auditors only), and "about this file". Each sheet starts with a running number (the ledger number for ledger rows) and prints on landscape A4. Times are Excel dates in Europe/Helsinki.',
        querystring: exportQuerySchema,
        produces: [xlsxType],
        response: {
          200: z.unknown().describe(xlsxType),
          ...exportRefusals,
        },
      },
    },
    (request, reply) => sendLedgerDownload(app, request, reply, request.query, 'xlsx'),
  );

  app.get(
    '/api/v1/exports/ledger.csv',
    {
      config: config('ledger.export_csv'),
      schema: {
        operationId: 'exportLedgerCsv',
        summary: 'Export the protocol as CSV',
        tags: ['exports'],
        description:
          'Responsible persons (their own sites) and auditors (every site); logged with its filters (R10). The protocol sheet (R7) as CSV (UTF-8 with BOM, comma-separated, times ISO-8601 in Europe/Helsinki with their offset).',
        querystring: exportQuerySchema,
        produces: ['text/csv'],
        response: {
          200: z.unknown().describe('text/csv'),
          ...exportRefusals,
        },
      },
    },
    (request, reply) => sendLedgerDownload(app, request, reply, request.query, 'csv'),
  );
};
