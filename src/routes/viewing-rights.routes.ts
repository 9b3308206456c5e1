import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  confirmRight,
  grantRight,
  grantSchema,
  listVisibleRights,
  protocolSettingsOf,
  revocationSchema,
  revokeRight,
  viewingRightSchema,
} from '../protocol/index.js';
import { idParams, isoTime, listOf, problems } from './schemas.js';

/** R3 viewing rights: granted and revoked by responsible persons, readable with full history. */
export const viewingRightsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const settings = protocolSettingsOf(app.config);

  app.post(
    '/api/v1/viewing-rights',
    {
      config: {
        roles: ['responsible'],
        audit: { action: 'viewing_right.grant', targetType: 'viewing_right' },
      },
      schema: {
        tags: ['viewing rights'],
        body: grantSchema,
        response: { 201: viewingRightSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await grantRight(db, request.principal!, request.body, app.now(), settings)),
  );

  app.post(
    '/api/v1/viewing-rights/:id/revocation',
    {
      config: {
        roles: ['responsible'],
        audit: { action: 'viewing_right.revoke', targetType: 'viewing_right' },
      },
      schema: {
        tags: ['viewing rights'],
        params: idParams,
        body: revocationSchema,
        response: { 200: viewingRightSchema, ...problems },
      },
    },
    async (request) => revokeRight(db, request.principal!, request.params.id, request.body, app.now()),
  );

  app.post(
    '/api/v1/viewing-rights/:id/confirmation',
    {
      config: {
        roles: ['responsible'],
        audit: { action: 'viewing_right.confirm', targetType: 'viewing_right' },
      },
      schema: {
        tags: ['viewing rights'],
        params: idParams,
        response: { 200: viewingRightSchema, ...problems },
      },
    },
    async (request) => confirmRight(db, request.principal!, request.params.id, app.now()),
  );

  app.get(
    '/api/v1/viewing-rights',
    {
      config: {
        roles: ['viewer', 'responsible', 'auditor'],
        audit: { action: 'viewing_right.list', logQuery: true },
      },
      schema: {
        tags: ['viewing rights'],
        querystring: z.strictObject({
          userId: z.string().optional(),
          siteId: z.string().optional(),
          activeAt: isoTime.optional().describe('only rights in force at this instant'),
        }),
        response: { 200: listOf(viewingRightSchema), ...problems },
      },
    },
    async (request) => {
      const q = request.query;
      return {
        items: await listVisibleRights(db, request.principal!, {
          userId: q.userId,
          siteId: q.siteId,
          activeAt: q.activeAt ? new Date(q.activeAt).toISOString() : undefined,
        }),
      };
    },
  );
};
