import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listTombstones, recordingSites, retentionStatus } from '../retention/index.js';
import { utcOrUndefined } from '../time.js';
import { isoTime, limitQuery, pageOf, problems } from './schemas.js';

const kindStatusSchema = z.object({
  kind: z.string(),
  retentionHours: z
    .number()
    .nullable()
    .describe('hours kept after the time column; 0: each row carries its own expiry (R1 items); null: kept'),
  oldestExpiry: z.string().nullable(),
  nextExpiry: z.string().nullable(),
  pastExpiry: z.number(),
});

const statusSchema = z.object({
  now: z.string(),
  retentionHours: z.number(),
  purgeIntervalSeconds: z.number(),
  oldestLiveItem: z.object({ kind: z.string(), expiresAt: z.string() }).nullable(),
  nextExpiry: z.string().nullable(),
  pastExpiry: z.number().describe('items past their expiry; R1 holds when 0'),
  lastPass: z
    .object({
      passId: z.string(),
      startedAt: z.string(),
      finishedAt: z.string(),
      durationMs: z.number(),
      deleted: z.number(),
      counts: z.record(z.string(), z.number()),
      outcome: z.string(),
    })
    .nullable(),
  kinds: z.array(kindStatusSchema),
});

const countsSchema = z
  .record(z.string(), z.number())
  .describe('rows by kind: segment, card_read, plate_read, access_log');

const tombstoneSchema = z.object({
  id: z.string(),
  seq: z.number(),
  passId: z.string(),
  purgedAt: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  itemCount: z.number(),
  counts: countsSchema,
  cameras: z.array(
    z.object({
      cameraId: z.string().nullable(),
      siteId: z.string().nullable(),
      counts: countsSchema,
      from: z.string(),
      to: z.string(),
    }),
  ),
});

/** R1 evidence: the purge's status and its tombstones. Neither holds personal data. */
export const retentionRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/retention/status',
    {
      config: { roles: ['responsible', 'auditor', 'admin'], audit: { action: 'retention.status' } },
      schema: {
        tags: ['retention'],
        querystring: z.strictObject({}),
        response: { 200: statusSchema, ...problems },
      },
    },
    async () => retentionStatus(db, app.retention.settings, app.now()),
  );

  app.get(
    '/api/v1/retention/tombstones',
    {
      config: {
        roles: ['responsible', 'auditor', 'admin'],
        audit: { action: 'retention.tombstones', logQuery: true },
      },
      schema: {
        tags: ['retention'],
        querystring: z.strictObject({
          from: isoTime.optional().describe('purged at or after'),
          to: isoTime.optional().describe('purged before'),
          cursor: z.coerce.number().int().positive().optional(),
          limit: limitQuery,
        }),
        response: { 200: pageOf(tombstoneSchema), ...problems },
      },
    },
    async (request) => {
      const q = request.query;
      const p = request.principal!;
      // Admins and auditors see every tombstone; a responsible person their sites' cameras.
      const siteIds = p.roles.includes('admin') ? 'all' : recordingSites(p);
      return listTombstones(db, {
        siteIds,
        from: utcOrUndefined(q.from),
        to: utcOrUndefined(q.to),
        beforeSeq: q.cursor,
        limit: q.limit,
      });
    },
  );
};
