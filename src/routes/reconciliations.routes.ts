import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reasonSchema } from '../protocol/index.js';
import {
  findingKinds,
  getRun,
  resolveFinding,
  runPageSchema,
  runReconciliation,
  runRequestSchema,
  runSummarySchema,
  storedFindingSchema,
} from '../reconcile/index.js';
import { idParams, limitQuery, problems } from './schemas.js';

/** R6 reconciliation runs and the resolution of their findings. */
export const reconciliationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.post(
    '/api/v1/reconciliations',
    {
      config: {
        roles: ['responsible', 'auditor'],
        audit: { action: 'reconciliation.run', targetType: 'reconciliation' },
      },
      schema: {
        tags: ['reconciliation'],
        body: runRequestSchema,
        response: { 201: runSummarySchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await runReconciliation(db, request.principal!, request.body, app.now)),
  );

  app.get(
    '/api/v1/reconciliations/:id',
    {
      config: {
        roles: ['responsible', 'auditor'],
        audit: { action: 'reconciliation.read', targetType: 'reconciliation' },
      },
      schema: {
        tags: ['reconciliation'],
        params: idParams,
        querystring: z.strictObject({
          kind: z.enum(findingKinds).optional(),
          unresolved: z.enum(['true', 'false']).optional(),
          cursor: z.coerce.number().int().nonnegative().optional(),
          limit: limitQuery,
        }),
        response: { 200: runPageSchema, ...problems },
      },
    },
    async (request) => {
      const q = request.query;
      return getRun(db, request.principal!, request.params.id, {
        kind: q.kind,
        unresolved: q.unresolved === 'true',
        afterOrdinal: q.cursor,
        limit: q.limit,
      });
    },
  );

  app.post(
    '/api/v1/findings/:id/resolution',
    {
      config: { roles: ['responsible'], audit: { action: 'finding.resolve', targetType: 'finding' } },
      schema: {
        tags: ['reconciliation'],
        params: idParams,
        body: z.strictObject({ note: reasonSchema(4000) }),
        response: { 201: storedFindingSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await resolveFinding(db, request.principal!, request.params.id, request.body.note, app.now())),
  );
};
