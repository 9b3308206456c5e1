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
import { problems } from './schemas.js';

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
        tags: ['exports'],
        description:
          'The ledger workbook: protocol (the six items of R7, one row per viewing and per rejected request), viewing rights, outside requests, copies, reconciliation findings (of the latest run covering each site and time), retention tombstones, with `accessLog=true` the access log (auditors only), and "about this file". Each sheet starts with a running number (the ledger number for ledger rows) and prints on landscape A4. Times are Excel dates in Europe/Helsinki. Responsible persons get their own sites, auditors every site.',
        querystring: exportQuerySchema,
        produces: [xlsxType],
        response: { 200: z.unknown().describe(xlsxType), ...problems },
      },
    },
    (request, reply) => stream(request, request.query, reply, xlsxType, 'xlsx', writeLedgerWorkbook),
  );

  app.get(
    '/api/v1/exports/ledger.csv',
    {
      config: config('ledger.export_csv'),
      schema: {
        tags: ['exports'],
        description:
          'The protocol sheet as CSV (UTF-8 with BOM, comma-separated, times ISO-8601 in Europe/Helsinki with their offset).',
        querystring: exportQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.unknown().describe('text/csv'), ...problems },
      },
    },
    (request, reply) =>
      stream(request, request.query, reply, 'text/csv; charset=utf-8', 'csv', writeProtocolCsv),
  );
};
