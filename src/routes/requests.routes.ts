import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  closeRequest,
  closureSchema,
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
  registerRequest,
  requestHistory,
  requestSettingsOf,
} from '../requests/index.js';
import { idParams, listOf, problems } from './schemas.js';

const requestSchema = z.object({
  id: z.string(),
  seq: z.number(),
  siteId: z.string(),
  requesterName: z.string(),
  organisation: z.string(),
  organisationIsPolice: z.boolean(),
  contact: z.string(),
  reference: z.string(),
  asks: z.array(z.enum(['viewing', 'copy'])),
  cameraIds: z.array(z.string()),
  footageFrom: z.string(),
  footageTo: z.string(),
  statedLegalBasis: z.string(),
  receivedAt: z.string(),
  channel: z.string(),
  registeredBy: z.string(),
  registeredAt: z.string(),
  status: z.enum(['registered', 'accepted', 'rejected', 'closed']),
  decision: z
    .object({
      decision: z.enum(['accepted', 'rejected']),
      reason: z.string(),
      overrideReason: z.string().nullable(),
      decidedBy: z.string(),
      decidedAt: z.string(),
    })
    .nullable(),
  closure: z
    .object({ earlyReason: z.string().nullable(), closedBy: z.string(), closedAt: z.string() })
    .nullable(),
  footageDeletedAt: z.string(),
  hoursUntilFootageDeleted: z.number(),
});

const historyEventSchema = z.object({
  seq: z.number(),
  type: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

const copySchema = z.object({
  id: z.string(),
  seq: z.number(),
  requestId: z.string(),
  siteId: z.string(),
  cameraIds: z.array(z.string()),
  footageFrom: z.string(),
  footageTo: z.string(),
  medium: z.string(),
  identifier: z.string(),
  storageLocation: z.string(),
  madeBy: z.string(),
  madeAt: z.string(),
  state: z.enum(['made', 'delivered', 'destroyed']),
  delivery: z
    .object({
      deliveredAt: z.string(),
      recipientName: z.string(),
      recipientUnit: z.string(),
      receiptRef: z.string(),
      recordedBy: z.string(),
    })
    .nullable(),
  destruction: z
    .object({
      destroyedAt: z.string(),
      method: z.string(),
      witness: z.string().nullable(),
      reason: z.string().nullable(),
      destroyedBy: z.string(),
    })
    .nullable(),
});

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
      schema: { tags: ['requests'], body: newRequestSchema, response: { 201: requestSchema, ...problems } },
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
        response: { 200: listOf(requestSchema), ...problems },
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
        response: {
          200: requestSchema.extend({ copies: z.array(copySchema), history: z.array(historyEventSchema) }),
          ...problems,
        },
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
        response: { 200: requestSchema, ...problems },
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
        response: { 200: requestSchema, ...problems },
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
