import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { recordAccess } from '../audit/index.js';
import { hasRole } from '../auth/index.js';
import type { Database } from '../db/index.js';
import { DomainError } from '../errors.js';
import './route-config.js';

/**
 * The hooks of the protected scope: a route is protected by where it is registered
 * (STYLE.md example 4), and its roles and access-log action are declared in its config.
 */
export async function protectedScope(app: FastifyInstance) {
  app.addHook('onRequest', app.authenticate);
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const principal = request.principal;
    if (!principal) throw new DomainError('unauthorized', 'not authenticated');
    const config = request.routeOptions.config;
    if (principal.mustChangePassword && !config.allowWhilePasswordChangeRequired) {
      throw new DomainError('password_change_required', 'change your password first: POST /api/v1/auth/password');
    }
    const roles = config.roles;
    if (roles && !hasRole(principal, ...roles)) {
      throw new DomainError('forbidden', `requires one of the roles: ${roles.join(', ')}`);
    }
  });
}

function outcomeOf(status: number): 'success' | 'denied' | 'failed' {
  if (status < 400) return 'success';
  return status === 401 || status === 403 ? 'denied' : 'failed';
}

/** R10: one access-log row per call of every route that declares `config.audit`. */
export const accessLogHook = fp(
  async (app: FastifyInstance, opts: { database: Database }) => {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
      const spec = request.routeOptions.config?.audit;
      if (!spec) return payload;
      const params = request.params as Record<string, string> | undefined;
      await recordAccess(
        opts.database.db,
        {
          actorId: request.principal?.id ?? null,
          actorUsername: request.principal?.username ?? null,
          action: spec.action,
          targetType: spec.targetType ?? null,
          targetId: params?.id ?? null,
          ip: request.ip,
          outcome: outcomeOf(reply.statusCode),
          status: reply.statusCode,
          requestId: String(request.id),
          detail: spec.logQuery ? { query: request.query as Record<string, unknown> } : null,
        },
        new Date(),
      );
      return payload;
    });
  },
  { name: 'access-log-hook' },
);
