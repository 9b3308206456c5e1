import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAccess } from '../audit/index.js';

/**
 * R10: an access-log row for what a request did outside the routes' own logging — a refused
 * session, form token, API key or provider token, a sign-in or sign-out — with the person
 * (named by `actor`, else the request's caller), where from and the outcome its status says.
 */
export async function recordRequestAccess(
  app: FastifyInstance,
  request: FastifyRequest,
  action: string,
  status: number,
  detail: Record<string, unknown> | null = null,
  actor: { id?: string | null | undefined; username?: string | null | undefined } = {},
) {
  await recordAccess(
    app.database.db,
    {
      actorId: actor.id ?? request.principal?.id ?? null,
      actorUsername: actor.username ?? request.principal?.username ?? null,
      action,
      ip: request.ip,
      outcome: status < 400 ? 'success' : 'denied',
      status,
      requestId: String(request.id),
      detail,
    },
    app.now(),
  );
}
