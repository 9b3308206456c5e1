import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  closeRequest,
  closureSchema,
  copySchema,
  decideRequest,
  decisionSchema,
  deliverCopy,
  deliverySchema,
  destroyCopy,
  destructionSchema,
  getRequest,
  listCopies,
  listRequests,
  makeCopy,
  newCopySchema,
  newRequestSchema,
  outsideRequestSchema,
  registerRequest,
  requestDetailSchema,
  requestHistory,
  requestSettingsOf,
} from '../requests/index.js';
import { idParams, listOf, problems } from './schemas.js';

/** Outside (police) requests and the chain of custody of copies (R2 R7.6 R8 R13). */
export const requestsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const settings = requestSettingsOf(app.config);
  const staff = ['viewer', 'responsible'] as const;
  const readers = ['viewer', 'responsible', 'auditor'] as const;

  app.post(
    '/api/v1/requests',
    {
      config: { roles: staff, audit: { action: 'request.register', targetType: 'request' } },
      schema: {
        tags: ['requests'],
        body: newRequestSchema,
        response: { 201: outsideRequestSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await registerRequest(db, request.principal!, request.body, app.now(), settings)),
  );

  app.get(
    '/api/v1/requests',
    {
      config: { roles: readers, audit: { action: 'request.list', logQuery: true } },
      schema: {
        tags: ['requests'],
        querystring: z.strictObject({
          status: z.enum(['registered', 'accepted', 'rejected', 'closed']).optional(),
          siteId: z.string().optional(),
        }),
        response: { 200: listOf(outsideRequestSchema), ...problems },
      },
    },
    async (request) => ({
      items: await listRequests(db, request.principal!, request.query, app.now(), settings),
    }),
  );

  app.get(
    '/api/v1/requests/:id',
    {
      config: { roles: readers, audit: { action: 'request.read', targetType: 'request' } },
      schema: {
        tags: ['requests'],
        params: idParams,
        response: { 200: requestDetailSchema, ...problems },
      },
    },
    async (request) => {
      const found = await getRequest(db, request.principal!, request.params.id, app.now(), settings);
      const copies = await listCopies(db, request.principal!, { requestId: found.id }, app.now());
      return { ...found, copies, history: await requestHistory(db, found) };
    },
  );

  app.post(
    '/api/v1/requests/:id/decision',
    {
      config: { roles: ['responsible'], audit: { action: 'request.decide', targetType: 'request' } },
      schema: {
        tags: ['requests'],
        params: idParams,
        body: decisionSchema,
        response: { 200: outsideRequestSchema, ...problems },
      },
    },
    async (request) =>
      decideRequest(db, request.principal!, request.params.id, request.body, app.now(), settings),
  );

  app.post(
    '/api/v1/requests/:id/closure',
    {
      config: { roles: ['responsible'], audit: { action: 'request.close', targetType: 'request' } },
      schema: {
        tags: ['requests'],
        params: idParams,
        body: closureSchema,
        response: { 200: outsideRequestSchema, ...problems },
      },
    },
    async (request) =>
      closeRequest(db, request.principal!, request.params.id, request.body.reason, app.now(), settings),
  );

  app.post(
    '/api/v1/requests/:id/copies',
    {
      config: { roles: ['responsible'], audit: { action: 'copy.make', targetType: 'request' } },
      schema: {
        tags: ['copies'],
        params: idParams,
        body: newCopySchema,
        response: { 201: copySchema, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await makeCopy(db, request.principal!, request.params.id, request.body, app.now(), settings)),
  );

  app.get(
    '/api/v1/copies',
    {
      config: { roles: ['responsible', 'auditor'], audit: { action: 'copy.list', logQuery: true } },
      schema: {
        tags: ['copies'],
        querystring: z.strictObject({
          overdue: z.enum(['true', 'false']).optional(),
          requestId: z.string().optional(),
        }),
        response: { 200: listOf(copySchema), ...problems },
      },
    },
    async (request) => ({
      items: await listCopies(
        db,
        request.principal!,
        {
          requestId: request.query.requestId,
          overdueDays: request.query.overdue === 'true' ? app.config.requests.copyDestroyDays : undefined,
        },
        app.now(),
      ),
    }),
  );

  app.post(
    '/api/v1/copies/:id/delivery',
    {
      config: { roles: ['responsible'], audit: { action: 'copy.deliver', targetType: 'copy' } },
      schema: {
        tags: ['copies'],
        params: idParams,
        body: deliverySchema,
        response: { 200: copySchema, ...problems },
      },
    },
    async (request) => deliverCopy(db, request.principal!, request.params.id, request.body, app.now()),
  );

  app.post(
    '/api/v1/copies/:id/destruction',
    {
      config: { roles: ['responsible'], audit: { action: 'copy.destroy', targetType: 'copy' } },
      schema: {
        tags: ['copies'],
        params: idParams,
        body: destructionSchema,
        response: { 200: copySchema, ...problems },
      },
    },
    async (request) =>
      destroyCopy(db, request.principal!, request.params.id, request.body, app.now(), settings),
  );
};
