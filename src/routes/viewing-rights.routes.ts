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
import { idParams, isoTime, listOf, refusals } from './schemas.js';

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
        operationId: 'grantViewingRight',
        summary: 'Grant a viewing right',
        description:
          'Responsible persons of the site, after the person signed the confidentiality commitment (R3). A right back-dated over 24 hours or granted to oneself needs a reason; a self-grant is confirmed by another responsible person.',

        tags: ['viewing rights'],
        body: grantSchema,
        response: {
          201: viewingRightSchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'unknown_user',
            'unknown_site',
            'rights_not_responsible',
            'time_in_future',
            'right_before_commitment',
            'right_reason_missing',
            'right_already_held',
          ),
        },
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
        operationId: 'revokeViewingRight',
        summary: 'Revoke a viewing right',
        description: 'Responsible persons of the site. The right stays in the history, ended (R3).',

        tags: ['viewing rights'],
        params: idParams,
        body: revocationSchema,
        response: {
          200: viewingRightSchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'not_found',
            'rights_not_responsible',
            'time_in_future',
            'revocation_before_start',
            'right_already_revoked',
          ),
        },
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
        operationId: 'confirmViewingRight',
        summary: 'Confirm a self-granted right',
        description:
          'Another responsible person of the site confirms a right its grantee granted to themselves (R3, `TWO_PERSON_DECISIONS`).',

        tags: ['viewing rights'],
        params: idParams,
        response: {
          200: viewingRightSchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'not_found',
            'rights_not_responsible',
            'own_right_confirmation',
            'right_confirmation_not_needed',
            'right_already_revoked',
          ),
        },
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
        operationId: 'listViewingRights',
        summary: 'List viewing rights',
        description:
          'Viewers (their own), responsible persons (their sites) and auditors: rights with their history, optionally those in force at an instant (R3). Logged (R10).',

        tags: ['viewing rights'],
        querystring: z.strictObject({
          userId: z.string().optional(),
          siteId: z.string().optional(),
          activeAt: isoTime.optional().describe('only rights in force at this instant'),
        }),
        response: { 200: listOf(viewingRightSchema), ...refusals('forbidden', 'validation_failed') },
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
