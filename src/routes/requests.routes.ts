import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  closeRequest,
  closureSchema,
  copySchema,
  copySettingsOf,
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
import { idParams, listOf, refusals } from './schemas.js';

/** Outside (police) requests and the chain of custody of copies (R2 R7.6 R8 R13). */
export const requestsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const copyAlerts = copySettingsOf(app.config);
  const settings = requestSettingsOf(app.config);
  const staff = ['viewer', 'responsible'] as const;
  const readers = ['viewer', 'responsible', 'auditor'] as const;

  app.post(
    '/api/v1/requests',
    {
      config: { roles: staff, audit: { action: 'request.register', targetType: 'request' } },
      schema: {
        operationId: 'registerRequest',
        summary: 'Register an outside request',
        description:
          "Viewers and responsible persons of the site: an outsider's (police) request to view recordings, accepted or rejected later (R7.6, R8).",

        tags: ['requests'],
        body: newRequestSchema,
        response: {
          201: outsideRequestSchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'unknown_site',
            'unknown_camera',
            'site_not_yours',
            'camera_not_at_site',
            'time_in_future',
            'period_reversed',
          ),
        },
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
        operationId: 'listRequests',
        summary: 'List outside requests',
        description: 'Viewers, responsible persons (their sites) and auditors (R7.6). Logged (R10).',

        tags: ['requests'],
        querystring: z.strictObject({
          status: z.enum(['registered', 'accepted', 'rejected', 'closed']).optional(),
          siteId: z.string().optional(),
        }),
        response: { 200: listOf(outsideRequestSchema), ...refusals('forbidden', 'validation_failed') },
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
        operationId: 'getRequest',
        summary: 'Read an outside request',
        description:
          'Viewers, responsible persons of the site and auditors: the request, its copies and its history (R2, R8). Logged (R10).',

        tags: ['requests'],
        params: idParams,
        response: { 200: requestDetailSchema, ...refusals('forbidden', 'validation_failed', 'not_found') },
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
        operationId: 'decideRequest',
        summary: 'Decide an outside request',
        description:
          'A responsible person of the site other than the one who registered it (R13) accepts or rejects it; only the police are given recordings without an override reason (R8).',

        tags: ['requests'],
        params: idParams,
        body: decisionSchema,
        response: {
          200: outsideRequestSchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'not_found',
            'decide_not_responsible',
            'own_request_decision',
            'request_already_decided',
            'police_only',
            'time_in_future',
          ),
        },
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
        operationId: 'closeRequest',
        summary: 'Close an outside request',
        description:
          'A responsible person of the site; before every copy is destroyed only with a reason (R2).',

        tags: ['requests'],
        params: idParams,
        body: closureSchema,
        response: {
          200: outsideRequestSchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'not_found',
            'close_not_responsible',
            'request_already_closed',
            'request_not_decided',
            'copies_not_destroyed',
          ),
        },
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
        operationId: 'makeCopy',
        summary: 'Record a copy',
        description:
          'A responsible person of the site records a copy made for an accepted request: by whom, of what, on which medium (R2).',

        tags: ['copies'],
        params: idParams,
        body: newCopySchema,
        response: {
          201: copySchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'not_found',
            'copies_not_responsible',
            'copy_needs_accepted_request',
            'copy_made_before_decision',
            'time_in_future',
          ),
        },
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
        operationId: 'listCopies',
        summary: 'List copies',
        description:
          'Responsible persons (their sites) and auditors, optionally only those overdue for destruction (R2, `COPY_DESTROY_DAYS`). Logged (R10).',

        tags: ['copies'],
        querystring: z.strictObject({
          overdue: z.enum(['true', 'false']).optional(),
          requestId: z.string().optional(),
        }),
        response: { 200: listOf(copySchema), ...refusals('forbidden', 'validation_failed') },
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
        operationId: 'deliverCopy',
        summary: "Record a copy's delivery",
        description: 'A responsible person of the site: when and to whom the copy was delivered (R2).',

        tags: ['copies'],
        params: idParams,
        body: deliverySchema,
        response: {
          200: copySchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'not_found',
            'copies_not_responsible',
            'copy_already_delivered',
            'copy_already_destroyed',
            'copy_delivered_before_made',
            'time_in_future',
          ),
        },
      },
    },
    async (request) =>
      deliverCopy(db, request.principal!, request.params.id, request.body, app.now(), copyAlerts),
  );

  app.post(
    '/api/v1/copies/:id/destruction',
    {
      config: { roles: ['responsible'], audit: { action: 'copy.destroy', targetType: 'copy' } },
      schema: {
        operationId: 'destroyCopy',
        summary: "Record a copy's destruction",
        description:
          'A responsible person of the site: when, by whom and how the copy was destroyed; an undelivered copy only with a reason (R2).',

        tags: ['copies'],
        params: idParams,
        body: destructionSchema,
        response: {
          200: copySchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'not_found',
            'copies_not_responsible',
            'copy_already_destroyed',
            'copy_not_delivered',
            'copy_destroyed_too_early',
            'time_in_future',
          ),
        },
      },
    },
    async (request) =>
      destroyCopy(db, request.principal!, request.params.id, request.body, app.now(), settings),
  );
};
