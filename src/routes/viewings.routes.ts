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
import { idParams, isoTime, limitQuery, pageOf, refusals } from './schemas.js';

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
      schema: {
        operationId: 'recordViewing',
        summary: 'Record a viewing',
        description:
          'Viewers for themselves, responsible persons also on behalf of others (R4): the six items of R7, recorded right after the viewing (R5; a late entry needs `delayReason`). The viewer must hold a right for the site (R3).',
        tags: ['viewings'],
        body: newViewingSchema,
        response: {
          201: viewingSchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'unknown_user',
            'unknown_site',
            'unknown_camera',
            'site_not_yours',
            'on_behalf_not_allowed',
            'viewing_in_future',
            'viewing_ends_before_start',
            'footage_reversed',
            'footage_after_viewing',
            'camera_not_at_site',
            'right_missing',
            'self_decision',
            'footage_past_retention',
            'request_other_site',
            'request_not_accepted',
            'delay_reason_missing',
          ),
        },
      },
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
        operationId: 'listViewings',
        summary: 'List viewings',
        description:
          'Viewers (their own), responsible persons (their sites) and auditors, newest first with a cursor (R4). Logged with its filters (R10).',

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
        response: { 200: pageOf(listedViewingSchema), ...refusals('forbidden', 'validation_failed') },
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
      schema: {
        operationId: 'getViewing',
        summary: 'Read a viewing',
        description:
          'Its viewer, responsible persons of the site and auditors: the entry as recorded, every correction and the values in force (R4). Logged (R10).',
        tags: ['viewings'],
        params: idParams,
        response: { 200: viewingHistorySchema, ...refusals('forbidden', 'validation_failed', 'not_found') },
      },
    },
    async (request) => getViewing(db, request.principal!, request.params.id),
  );

  app.post(
    '/api/v1/viewings/:id/amendments',
    {
      config: { roles: ['viewer', 'responsible'], audit: { action: 'viewing.amend', targetType: 'viewing' } },
      schema: {
        operationId: 'amendViewing',
        summary: 'Correct a viewing',
        description:
          'Its viewer or a responsible person of the site: a correction with a reason that keeps the original (R4).',

        tags: ['viewings'],
        params: idParams,
        body: amendmentSchema,
        response: {
          201: viewingHistorySchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'not_found',
            'amend_not_allowed',
            'amendment_unchanged',
            'viewing_already_voided',
            'viewing_in_future',
            'viewing_ends_before_start',
            'footage_reversed',
            'footage_after_viewing',
            'camera_not_at_site',
          ),
        },
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
        operationId: 'voidViewing',
        summary: 'Void a viewing',
        description:
          'Its viewer or a responsible person of the site voids a duplicate or mistaken entry with a reason; it stays in the chain and lists (R4).',

        tags: ['viewings'],
        params: idParams,
        body: voidSchema,
        response: {
          201: viewingHistorySchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'not_found',
            'void_not_allowed',
            'viewing_already_voided',
          ),
        },
      },
    },
    async (request, reply) => {
      await voidViewing(db, request.principal!, request.params.id, request.body, app.now());
      return reply.code(201).send(await getViewing(db, request.principal!, request.params.id));
    },
  );
};
