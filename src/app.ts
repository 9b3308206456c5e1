import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyLoggerOptions, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import {
  type CheckpointKeys,
  checkpointKeyring,
  jwtPlugin,
  loadJwtKeys,
  setPasswordHashCost,
} from './auth/index.js';
import { type OidcClient, oidcClient } from './auth/oidc/index.js';
import type { Config } from './config.js';
import { otherBearer } from './http/bearer.js';
import { databasePlugin } from './http/database.plugin.js';
import { accessLogHook, protectedScope, requireAuditDeclaration } from './http/guards.js';
import { importSlotsPlugin } from './http/import-slots.js';
import { openApiOptions } from './http/openapi.js';
import { codeOfStatus, problemHandler, sendProblem } from './http/problem.js';
import { metricsPlugin } from './metrics/metrics.plugin.js';
import { notificationsPlugin } from './notifications/index.js';
import { retentionPlugin } from './retention/index.js';
import { answerExamples, nameApiShapes } from './routes/components.js';
import { apiRoutes, publicRoutes } from './routes/index.js';
import { webPages } from './web/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Readonly<Config>;
    /** The clock of the app; tests may replace it to stand on any instant. */
    now(): Date;
    /** The keys that sign ledger checkpoints and verify them (R4). */
    checkpointKeys(): CheckpointKeys;
    /** The client at the city's identity provider; null without OIDC_ISSUER. */
    oidc: OidcClient | null;
  }
}

export interface AppOptions {
  /** Replaces the wall clock, for tests that stand on a DST night. */
  now?: () => Date;
  logger?: boolean;
  /** Where log lines go instead of standard output, for tests that read them. */
  logStream?: FastifyLoggerOptions['stream'];
}

/** pino paths never written to a log line. */
export const redactedLogPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.accessToken',
  '*.token',
];

/**
 * A request as the log shows it. Its query string is left out: it may hold a library card
 * number or a plate (R11). The access log keeps the query of the routes that need it (R10).
 */
function requestLogView(request: FastifyRequest) {
  const [path, query] = request.url.split('?', 2);
  return {
    method: request.method,
    url: query === undefined ? path : `${path}?[redacted]`,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Builds the Fastify instance with every plugin and route. Never listens: tests inject requests. */
export async function buildApp(config: Readonly<Config>, options: AppOptions = {}): Promise<FastifyInstance> {
  setPasswordHashCost(config.passwordHashCost);
  // Keys first: a bad JWT_KEY_FILE or CHECKPOINT_KEY_FILE stops the start before the database is touched.
  const jwtKeys = loadJwtKeys(config.keys);
  const checkpointKeys = checkpointKeyring(config.keys);
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: { paths: redactedLogPaths, censor: '[redacted]' },
            serializers: { req: requestLogView },
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    // Errors Fastify raises before routing (a bad % escape, an over-long path parameter)
    // still answer with a problem body.
    frameworkErrors: (error, request, reply) =>
      sendProblem(
        request,
        reply,
        error.statusCode ?? 400,
        codeOfStatus(error.statusCode ?? 400),
        error.message,
      ),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', config);
  app.decorate('now', options.now ?? (() => new Date()));
  app.decorate('checkpointKeys', checkpointKeys);
  app.decorate('oidc', config.oidc ? oidcClient(config.oidc, () => app.now()) : null);
  app.addHook('onRoute', requireAuditDeclaration);

  await app.register(problemHandler);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // Signing out of a session begun at the identity provider continues there (R12: its one
        // allowed outside origin); browsers hold a form's redirect to form-action too.
        formAction: ["'self'", ...(config.oidc ? [config.oidc.issuer.origin] : [])],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(rateLimit, {
    global: config.rateLimit.perMinute > 0,
    max: config.rateLimit.perMinute || 1,
    timeWindow: 60_000,
  });
  await app.register(databasePlugin, { url: config.databaseUrl });
  await app.register(retentionPlugin);
  await app.register(notificationsPlugin);
  await app.register(jwtPlugin, { keys: jwtKeys, ...config.jwt, otherBearer: otherBearer(app, app.oidc) });
  await app.register(accessLogHook, { database: app.database });
  await app.register(importSlotsPlugin, { max: config.imports.maxConcurrent });

  nameApiShapes();
  await app.register(swagger, openApiOptions(config, answerExamples));
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  if (config.metricsToken) {
    await app.register(metricsPlugin, {
      token: config.metricsToken,
      verifyIntervalMinutes: config.verifyIntervalMinutes,
    });
  }
  await app.register(publicRoutes);
  await app.register(async (scope) => {
    await protectedScope(scope);
    await scope.register(apiRoutes);
  });
  // The pages: their own scope, with the cookie session; the API above never reads a cookie.
  await app.register(webPages);
  app.get('/api/openapi.json', { schema: { hide: true }, config: { rateLimit: false } }, async () =>
    app.swagger(),
  );
  return app;
}
