import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiKeyPrefix, checkApiKey, type Principal } from '../auth/index.js';
import { checkProviderToken, type OidcClient } from '../auth/oidc/index.js';
import { DomainError } from '../errors.js';
import { recordRequestAccess } from './request-access.js';

/**
 * The Bearer values beside the service's own tokens: an integration account's API key, and
 * (with OIDC_ISSUER) a token of the identity provider. A refusal is written to the access log
 * with its reason (R10) and answered 401; a success is logged by the route, as for any caller.
 */
export function otherBearer(app: FastifyInstance, oidc: OidcClient | null) {
  const log = (
    request: FastifyRequest,
    action: string,
    detail: Record<string, unknown>,
    actor: { id?: string | undefined; username?: string | undefined },
  ) => recordRequestAccess(app, request, action, 401, detail, actor);

  return async (token: string, request: FastifyRequest): Promise<Principal> => {
    const { db } = app.database;
    if (token.startsWith(apiKeyPrefix)) {
      const check = await checkApiKey(db, token, app.now());
      if (check.ok) return check.principal;
      await log(
        request,
        'auth.api_key',
        { reason: check.reason, keyId: check.keyId ?? null },
        { id: check.userId },
      );
      throw new DomainError('unauthorized', 'the API key is unknown, revoked or expired');
    }
    if (!oidc) throw new DomainError('unauthorized', 'the token is invalid or expired');
    const check = await checkProviderToken(db, oidc, token, app.now());
    if (!check.ok) {
      await log(
        request,
        'auth.provider_token',
        { reason: check.reason, subject: check.subject ?? null },
        { id: check.userId, username: check.subject },
      );
      throw new DomainError('unauthorized', 'the identity provider’s token is not accepted');
    }
    return check.principal;
  };
}
