import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cardNumberSchema,
  ingestRecordings,
  ingestResultSchema,
  listRecordings,
  plateSchema,
  recordingBatchSchema,
  recordingItemSchema,
  recordingKindSchema,
  recordingSearchSchema,
  searchRecordings,
} from '../retention/index.js';
import { utcOrUndefined } from '../time.js';
import { isoTime, limitQuery, pageOf, refusals } from './schemas.js';

const searchQuery = z
  .strictObject({
    card: cardNumberSchema.optional().describe('library card number'),
    plate: plateSchema.optional().describe('vehicle registration number'),
    aroundMinutes: z.coerce
      .number()
      .int()
      .min(0)
      .max(240)
      .default(15)
      .describe('segments within this many minutes of a read'),
  })
  .refine((q) => (q.card === undefined) !== (q.plate === undefined), {
    message: 'give exactly one of card or plate',
  });

/** Recording metadata (R1): the camera system pushes it, responsible persons list it, the DPO searches it (R11). */
export const recordingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.post(
    '/api/v1/recordings',
    {
      config: { roles: ['integration'], audit: { action: 'recording.ingest', targetType: 'recording' } },
      schema: {
        operationId: 'ingestRecordings',
        summary: 'Push recording metadata',
        description:
          "The camera system's integration account (a token or an API key): segments, card reads and plate reads, each stored with its expiry and deleted after it (R1). An account with sites pushes only for cameras at them.",

        tags: ['recordings'],
        body: recordingBatchSchema,
        response: {
          200: ingestResultSchema,
          ...refusals('forbidden', 'validation_failed', 'unknown_camera', 'time_in_future'),
        },
      },
    },
    async (request) =>
      ingestRecordings(
        db,
        request.body,
        app.now(),
        app.retention.settings.recordingHours,
        request.principal!.siteIds,
      ),
  );

  app.get(
    '/api/v1/recordings',
    {
      config: { roles: ['responsible', 'auditor'], audit: { action: 'recording.list', logQuery: true } },
      schema: {
        operationId: 'listRecordings',
        summary: 'List recording metadata',
        description:
          'Responsible persons (their sites) and auditors, with a cursor (R1). Logged with its filters (R10).',

        tags: ['recordings'],
        querystring: z.strictObject({
          kind: recordingKindSchema.optional(),
          siteId: z.string().min(1).max(100).optional(),
          cameraId: z.string().min(1).max(100).optional(),
          from: isoTime.optional(),
          to: isoTime.optional(),
          cursor: z.string().min(1).max(2000).optional(),
          limit: limitQuery,
        }),
        response: {
          200: pageOf(recordingItemSchema),
          ...refusals('forbidden', 'validation_failed', 'site_not_yours', 'bad_cursor'),
        },
      },
    },
    async (request) => {
      const q = request.query;
      return listRecordings(
        db,
        request.principal!,
        { ...q, from: utcOrUndefined(q.from), to: utcOrUndefined(q.to) },
        app.now(),
        app.retention.settings.recordingHours,
      );
    },
  );

  app.get(
    '/api/v1/recordings/search',
    {
      config: { roles: ['auditor'], audit: { action: 'recording.search', logQuery: true } },
      schema: {
        operationId: 'searchRecordings',
        summary: 'Search by card or plate',
        description:
          "Auditors (the data protection officer), for a data subject's request: segments near the reads of one library card or plate (R11). Logged with the terms (R10).",

        tags: ['recordings'],
        querystring: searchQuery,
        response: { 200: recordingSearchSchema, ...refusals('forbidden', 'validation_failed') },
      },
    },
    async (request) => searchRecordings(db, request.query, app.now(), app.retention.settings.recordingHours),
  );
};
