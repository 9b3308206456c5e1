import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  externalIdentitySchema,
  identityOf,
  linkIdentity,
  linkIdentitySchema,
  unlinkIdentity,
} from '../auth/oidc/index.js';
import { notFound } from '../errors.js';
import { idParams, refusals } from './schemas.js';

/**
 * An account's link to a person at the city's identity provider: only a linked, enabled
 * account signs in through it, and the link grants no role or site.
 */
export const externalIdentitiesRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const url = '/api/v1/users/:id/external-identity';

  app.get(
    url,
    {
      config: { roles: ['admin'], audit: { action: 'user.external_identity_read', targetType: 'user' } },
      schema: {
        operationId: 'getExternalIdentity',
        summary: "Read an account's link to the identity provider",
        description: 'Admins. Logged (R10).',
        tags: ['users'],
        params: idParams,
        response: { 200: externalIdentitySchema, ...refusals('forbidden', 'validation_failed', 'not_found') },
      },
    },
    async (request) => {
      const identity = await identityOf(db, request.params.id);
      if (!identity) throw notFound('external identity');
      return identity;
    },
  );

  app.put(
    url,
    {
      config: { roles: ['admin'], audit: { action: 'user.external_identity_link', targetType: 'user' } },
      schema: {
        operationId: 'linkExternalIdentity',
        summary: 'Link an account to the identity provider',
        description:
          "Admins. `subject` is the value of the provider's naming claim (`OIDC_USERNAME_CLAIM`); it replaces the account's earlier link. Roles and sites stay the account's own. Logged (R10).",
        tags: ['users'],
        params: idParams,
        body: linkIdentitySchema.meta({ example: { subject: 'heikki.korhonen@lahti.fi' } }),
        response: {
          200: externalIdentitySchema,
          ...refusals('forbidden', 'validation_failed', 'not_found', 'external_identity_taken'),
        },
      },
    },
    async (request) =>
      linkIdentity(db, request.params.id, request.body.subject, request.principal!.id, app.now()),
  );

  app.delete(
    url,
    {
      config: { roles: ['admin'], audit: { action: 'user.external_identity_unlink', targetType: 'user' } },
      schema: {
        operationId: 'unlinkExternalIdentity',
        summary: "Remove an account's link to the identity provider",
        description: 'Admins. The account no longer signs in through the provider. Logged (R10).',
        tags: ['users'],
        params: idParams,
        response: { 204: z.null(), ...refusals('forbidden', 'validation_failed', 'not_found') },
      },
    },
    async (request, reply) => {
      await unlinkIdentity(db, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
