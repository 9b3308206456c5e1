import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessLogRowSchema, listAccess } from '../audit/index.js';
import { utcOrUndefined } from '../time.js';
import { isoTime, limitQuery, pageOf, refusals } from './schemas.js';

/** R10: auditors read the service's own access log, newest first, with a cursor. */
export const auditEventsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/audit-events',
    {
      config: { roles: ['auditor'], audit: { action: 'audit_log.read', logQuery: true } },
      schema: {
        operationId: 'listAuditEvents',
        summary: 'Read the access log',
        description: "Auditors: the service's own access log, newest first (R10). Reading it is logged too.",

        tags: ['audit'],
        querystring: z.strictObject({
          actorId: z.string().optional(),
          action: z.string().optional(),
          targetId: z.string().optional(),
          outcome: z.enum(['success', 'denied', 'failed']).optional(),
          from: isoTime.optional(),
          to: isoTime.optional(),
          cursor: z.coerce.number().int().positive().optional(),
          limit: limitQuery,
        }),
        response: { 200: pageOf(accessLogRowSchema), ...refusals('forbidden', 'validation_failed') },
      },
    },
    async (request) => {
      const q = request.query;
      return listAccess(app.database.db, {
        ...q,
        from: utcOrUndefined(q.from),
        to: utcOrUndefined(q.to),
        before: q.cursor,
        limit: q.limit,
      });
    },
  );
};
