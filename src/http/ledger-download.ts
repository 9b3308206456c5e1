import { PassThrough, type Writable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ExportCancelled,
  type ExportQuery,
  exportFileName,
  type LedgerSnapshot,
  prepareLedgerExport,
  writeLedgerWorkbook,
  writeProtocolCsv,
} from '../export/index.js';
import { requestSettingsOf } from '../requests/index.js';

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const csvType = 'text/csv; charset=utf-8';

const writers: Record<
  'xlsx' | 'csv',
  { type: string; write: (s: LedgerSnapshot, out: Writable) => Promise<unknown> }
> = {
  xlsx: { type: xlsxType, write: writeLedgerWorkbook },
  csv: { type: csvType, write: writeProtocolCsv },
};

/**
 * The ledger download (R4 R7), shared by the JSON API and the export page: checks and fixes
 * the export before answering (a refusal is thrown before any byte is sent), then streams the
 * file into the reply as it is written. A failure midway can only cut the download short; it
 * is logged with the request id.
 */
export async function sendLedgerDownload(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  query: ExportQuery,
  ext: 'xlsx' | 'csv',
) {
  const { type, write } = writers[ext];
  // The workbook's "about" sheet says whether the hash chain verified; the CSV has no such sheet.
  const snapshot = await prepareLedgerExport(
    app.database.db,
    request.principal!,
    query,
    app.now(),
    requestSettingsOf(app.config),
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
