import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  listTombstones,
  recordingSites,
  retentionStatus,
  retentionStatusSchema,
  tombstoneSchema,
} from '../retention/index.js';
import { utcOrUndefined } from '../time.js';
import { isoTime, limitQuery, pageOf, refusals } from './schemas.js';

/** R1 evidence: the purge's status and its tombstones. Neither holds personal data. */
export const retentionRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/retention/status',
    {
      config: { roles: ['responsible', 'auditor', 'admin'], audit: { action: 'retention.status' } },
      schema: {
        operationId: 'getRetentionStatus',
        summary: 'Retention status',
        description:
          'Responsible persons, auditors and admins: whether the purge keeps up, the oldest item past its expiry (R1).',

        tags: ['retention'],
        querystring: z.strictObject({}),
        response: { 200: retentionStatusSchema, ...refusals('forbidden', 'validation_failed') },
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
        operationId: 'listTombstones',
        summary: 'List retention tombstones',
        description:
          "Responsible persons (their sites' cameras), auditors and admins: what the purge deleted, without personal data (R1).",

        tags: ['retention'],
        querystring: z.strictObject({
          from: isoTime.optional().describe('purged at or after'),
          to: isoTime.optional().describe('purged before'),
          cursor: z.coerce.number().int().positive().optional(),
          limit: limitQuery,
        }),
        response: { 200: pageOf(tombstoneSchema), ...refusals('forbidden', 'validation_failed') },
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
