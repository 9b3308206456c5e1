import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  amendmentSchema,
  amendViewing,
  getViewing,
  groundsSchema,
  listedViewingSchema,
  listViewings,
  newViewingSchema,
  protocolSettingsOf,
  recordViewing,
  viewingHistorySchema,
  viewingSchema,
  voidSchema,
  voidViewing,
} from '../protocol/index.js';
import { utcOrUndefined } from '../time.js';
import { idParams, isoTime, limitQuery, pageOf, problems } from './schemas.js';

/** The viewing protocol (R4 R5 R7): record, read, amend, void. No PUT, PATCH or DELETE exists. */
export const viewingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const settings = protocolSettingsOf(app.config);

  app.post(
    '/api/v1/viewings',
    {
      config: {
        roles: ['viewer', 'responsible'],
        audit: { action: 'viewing.record', targetType: 'viewing' },
      },
      schema: { tags: ['viewings'], body: newViewingSchema, response: { 201: viewingSchema, ...problems } },
    },
    async (request, reply) =>
      reply.code(201).send(await recordViewing(db, request.principal!, request.body, app.now(), settings)),
  );

  app.get(
    '/api/v1/viewings',
    {
      config: {
        roles: ['viewer', 'responsible', 'auditor'],
        audit: { action: 'viewing.list', logQuery: true },
      },
      schema: {
        tags: ['viewings'],
        querystring: z.strictObject({
          siteId: z.string().optional(),
          viewerId: z.string().optional(),
          from: isoTime.optional(),
          to: isoTime.optional(),
          grounds: groundsSchema.optional(),
          late: z.enum(['true', 'false']).optional(),
          requestId: z.string().optional(),
          cursor: z.coerce.number().int().positive().optional(),
          limit: limitQuery,
        }),
        response: { 200: pageOf(listedViewingSchema), ...problems },
      },
    },
    async (request) => {
      const q = request.query;
      return listViewings(db, request.principal!, {
        ...q,
        from: utcOrUndefined(q.from),
        to: utcOrUndefined(q.to),
        late: q.late === undefined ? undefined : q.late === 'true',
        beforeSeq: q.cursor,
      });
    },
  );

  app.get(
    '/api/v1/viewings/:id',
    {
      config: {
        roles: ['viewer', 'responsible', 'auditor'],
        audit: { action: 'viewing.read', targetType: 'viewing' },
      },
      schema: { tags: ['viewings'], params: idParams, response: { 200: viewingHistorySchema, ...problems } },
    },
    async (request) => getViewing(db, request.principal!, request.params.id),
  );

  app.post(
    '/api/v1/viewings/:id/amendments',
    {
      config: { roles: ['viewer', 'responsible'], audit: { action: 'viewing.amend', targetType: 'viewing' } },
      schema: {
        tags: ['viewings'],
        params: idParams,
        body: amendmentSchema,
        response: { 201: viewingHistorySchema, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await amendViewing(db, request.principal!, request.params.id, request.body, app.now(), settings),
        ),
  );

  app.post(
    '/api/v1/viewings/:id/void',
    {
      config: { roles: ['viewer', 'responsible'], audit: { action: 'viewing.void', targetType: 'viewing' } },
      schema: {
        tags: ['viewings'],
        params: idParams,
        body: voidSchema,
        response: { 201: viewingHistorySchema, ...problems },
      },
    },
    async (request, reply) => {
      await voidViewing(db, request.principal!, request.params.id, request.body, app.now());
      return reply.code(201).send(await getViewing(db, request.principal!, request.params.id));
    },
  );
};
