import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  findingKinds,
  getRun,
  resolveFinding,
  runReconciliation,
  runRequestSchema,
} from '../reconcile/index.js';
import { idParams, limitQuery, problems } from './schemas.js';

const summarySchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  siteIds: z.array(z.string()),
  settings: z.record(z.string(), z.unknown()),
  summary: z.record(z.string(), z.number()),
  counts: z.record(z.string(), z.number()),
  unmapped: z.object({ cameraNames: z.array(z.string()), vmsUsers: z.array(z.string()) }),
  startedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
});

const findingSchema = z.object({
  id: z.string(),
  runId: z.string(),
  ordinal: z.number(),
  kind: z.enum(findingKinds),
  siteId: z.string(),
  vmsUser: z.string().nullable(),
  userId: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  eventIds: z.array(z.string()),
  entryIds: z.array(z.string()),
  copyIds: z.array(z.string()),
  detail: z.record(z.string(), z.unknown()),
  resolution: z.object({ note: z.string(), resolvedBy: z.string(), resolvedAt: z.string() }).nullable(),
});

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
        response: { 201: summarySchema, ...problems },
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
        response: {
          200: summarySchema.extend({ findings: z.array(findingSchema), nextCursor: z.string().nullable() }),
          ...problems,
        },
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
        body: z.strictObject({ note: z.string().trim().min(3).max(4000) }),
        response: { 201: findingSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await resolveFinding(db, request.principal!, request.params.id, request.body.note, app.now())),
  );
};
