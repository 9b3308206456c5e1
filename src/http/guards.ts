import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { type AccessEvent, accessEvent, recordAccess } from '../audit/index.js';
import { hasRole } from '../auth/index.js';
import { type Database, withCommitHooks } from '../db/index.js';
import { DomainError } from '../errors.js';
import { internalErrorProblem, isOutOfSpace, outOfSpaceProblem } from './problem.js';
import { type AuditSpec, auditSpecOf } from './route-config.js';

/**
 * The hooks of the protected scope: a route is protected by where it is registered
 * (Fastify encapsulation), and its roles and access-log action are declared in its config.
 */
export async function protectedScope(app: FastifyInstance) {
  app.addHook('onRequest', app.authenticate);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const principal = request.principal;
    if (!principal) throw new DomainError('unauthorized', 'not authenticated');
    const config = request.routeOptions.config;
    if (principal.mustChangePassword && !config.allowWhilePasswordChangeRequired) {
      throw new DomainError(
        'password_change_required',
        'change your password first: POST /api/v1/auth/password',
      );
    }
    const roles = config.roles;
    if (roles && !hasRole(principal, ...roles)) {
      throw new DomainError('forbidden', `requires one of the roles: ${roles.join(', ')}`);
    }
  });
}

function accessEventOf(request: FastifyRequest, spec: AuditSpec, status: number): AccessEvent {
  const params = request.params as Record<string, string> | undefined;
  return accessEvent(
    {
      actorId: request.principal?.id ?? null,
      actorUsername: request.principal?.username ?? null,
      ip: request.ip,
      requestId: String(request.id),
      via: 'http',
    },
    {
      action: spec.action,
      targetType: spec.targetType ?? null,
      targetId: params?.id ?? null,
      detail: spec.logQuery ? { query: request.query as Record<string, unknown> } : null,
    },
    status,
  );
}

/** The status a route answers on success: the first 2xx of its response schema. */
function successStatus(request: FastifyRequest): number {
  const responses = (request.routeOptions.schema?.response ?? {}) as Record<string, unknown>;
  return Number(Object.keys(responses).find((k) => /^2\d\d$/.test(k)) ?? 200);
}

/**
 * R10: one access-log row per call of every route that declares `config.audit`. A change
 * writes its row inside its own transaction (it commits with the change, or not at all);
 * reads and refusals are logged when the answer is sent.
 */
export const accessLogHook = fp(
  async (app: FastifyInstance, opts: { database: Database }) => {
    app.decorateRequest('accessLogged', false);
    app.addHook('onRequest', (request, _reply, done) => {
      const spec = auditSpecOf(request.routeOptions.config?.audit);
      if (!spec) return done();
      withCommitHooks(
        {
          beforeCommit: async (tx) => {
            if (request.accessLogged) return;
            await recordAccess(tx, accessEventOf(request, spec, successStatus(request)), app.now());
          },
          afterCommit: () => {
            request.accessLogged = true;
          },
        },
        done,
      );
    });

    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
      const spec = auditSpecOf(request.routeOptions.config?.audit);
      if (!spec || (request.accessLogged && reply.statusCode < 400)) return payload;
      try {
        await recordAccess(opts.database.db, accessEventOf(request, spec, reply.statusCode), app.now());
      } catch (err) {
        // R10: an access that cannot be logged is not served.
        if (isOutOfSpace(err)) return JSON.stringify(outOfSpaceProblem(request, reply, err));
        request.log.error({ err }, 'could not write the access log');
        reply.code(500).type('application/problem+json');
        return JSON.stringify(internalErrorProblem(request));
      }
      return payload;
    });
  },
  { name: 'access-log-hook' },
);

/**
 * R10: a route of the API that reads or changes personal data and writes no access-log row is a
 * defect nobody sees; so every route under /api/v1 must declare `config.audit` (an action, or
 * why it needs none), and the service refuses to start otherwise.
 */
export function requireAuditDeclaration(route: RouteOptions): void {
  if (!route.url.startsWith('/api/v1/')) return;
  if (route.config?.audit) return;
  const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
  throw new Error(
    `${methods} ${route.url} declares no config.audit: name the access-log action (R10), or { none: 'why it touches no personal data' }`,
  );
}
