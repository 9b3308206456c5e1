import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiKeySchema,
  createApiKey,
  issuedApiKeySchema,
  listApiKeys,
  newApiKeySchema,
  revokeApiKey,
} from '../auth/index.js';
import { listOf, refusals } from './schemas.js';

const userParams = z.strictObject({ id: z.string().min(1).max(100) });
const keyParams = userParams.extend({ keyId: z.string().min(1).max(100) });

/**
 * API keys of integration accounts: the camera system sends one as its Bearer value to push
 * recording metadata (R1). A key is shown once, stored hashed, expires and can be revoked.
 */
export const apiKeysRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.post(
    '/api/v1/users/:id/api-keys',
    {
      config: { roles: ['admin'], audit: { action: 'api_key.create', targetType: 'user' } },
      schema: {
        operationId: 'createApiKey',
        summary: 'Make an API key for an integration account',
        description:
          'Admins, for an account whose one role is `integration`. The answer holds the key, which is never shown again; send it as `Authorization: Bearer <key>`. Logged (R10).',
        tags: ['users'],
        params: userParams,
        body: newApiKeySchema.meta({
          example: {
            label: 'Milestone-palvelin, Lahden pääkirjasto',
            expiresAt: '2027-11-20T00:00:00+02:00',
          },
        }),
        response: {
          201: issuedApiKeySchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'not_found',
            'api_key_not_integration',
            'api_key_expiry_invalid',
          ),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createApiKey(db, request.params.id, request.body, request.principal!.id, app.now())),
  );

  app.get(
    '/api/v1/users/:id/api-keys',
    {
      config: { roles: ['admin'], audit: { action: 'api_key.list', targetType: 'user' } },
      schema: {
        operationId: 'listApiKeys',
        summary: "List an account's API keys",
        description: 'Admins: each key without its secret, with its expiry and revocation. Logged (R10).',
        tags: ['users'],
        params: userParams,
        response: { 200: listOf(apiKeySchema), ...refusals('forbidden', 'validation_failed', 'not_found') },
      },
    },
    async (request) => ({ items: await listApiKeys(db, request.params.id) }),
  );

  app.post(
    '/api/v1/users/:id/api-keys/:keyId/revocation',
    {
      config: { roles: ['admin'], audit: { action: 'api_key.revoke', targetType: 'user' } },
      schema: {
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key',
        description: 'Admins. The key stops working at once. Logged (R10).',
        tags: ['users'],
        params: keyParams,
        response: {
          200: apiKeySchema,
          ...refusals('forbidden', 'validation_failed', 'not_found', 'api_key_already_revoked'),
        },
      },
    },
    async (request) =>
      revokeApiKey(db, request.params.id, request.params.keyId, request.principal!.id, app.now()),
  );
};
