import { PassThrough, type Writable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ExportCancelled,
  type ExportQuery,
  exportFileName,
  exportQuerySchema,
  type LedgerSnapshot,
  prepareLedgerExport,
  writeLedgerWorkbook,
  writeProtocolCsv,
} from '../export/index.js';
import { requestSettingsOf } from '../requests/index.js';
import { refusals } from './schemas.js';

/** Both exports refuse alike: they check the same query and the same permissions. */
const exportRefusals = refusals(
  'forbidden',
  'validation_failed',
  'export_not_allowed',
  'site_not_yours',
  'period_reversed',
);

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The Excel ledger auditors receive, and its protocol sheet as CSV (R4 R7; R10 logs each with its filters). */
export const exportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const settings = requestSettingsOf(app.config);

  /**
   * Checks and fixes the export before answering (a refusal is a problem response), then
   * streams the file into the reply as it is written. A failure midway can only cut the
   * download short; it is logged with the request id.
   */
  async function stream(
    request: FastifyRequest,
    query: ExportQuery,
    reply: FastifyReply,
    type: string,
    ext: 'xlsx' | 'csv',
    write: (s: LedgerSnapshot, out: Writable) => Promise<unknown>,
  ) {
    // The workbook's "about" sheet says whether the hash chain verified; the CSV has no such sheet.
    const snapshot = await prepareLedgerExport(
      db,
      request.principal!,
      query,
      app.now(),
      settings,
      ext === 'xlsx',
    );
    const body = new PassThrough();
    write(snapshot, body).catch((err: unknown) => {
      if (err instanceof ExportCancelled) {
        request.log.info('ledger export cancelled: the client went away');
        return;
      }
      request.log.error({ err }, 'ledger export failed while streaming');
      body.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    return reply
      .type(type)
      .header('content-disposition', `attachment; filename="${exportFileName(snapshot, ext)}"`)
      .header('cache-control', 'no-store')
      .send(body);
  }

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
          'Responsible persons (their own sites) and auditors (every site); logged with its filters (R10). The ledger workbook (R4): protocol (the six items of R7, one row per viewing and per rejected request), outside requests, copies, reconciliation findings, retention tombstones, and "about this file". Times are Excel dates in Europe/Helsinki.',
        querystring: exportQuerySchema,
        produces: [xlsxType],
        response: {
          200: z.unknown().describe(xlsxType),
          ...exportRefusals,
        },
      },
    },
    (request, reply) => stream(request, request.query, reply, xlsxType, 'xlsx', writeLedgerWorkbook),
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
    (request, reply) =>
      stream(request, request.query, reply, 'text/csv; charset=utf-8', 'csv', writeProtocolCsv),
  );
};
