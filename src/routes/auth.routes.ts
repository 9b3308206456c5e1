import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAccess } from '../audit/index.js';
import {
  authenticate,
  getUser,
  passwordSchema,
  setPassword,
  tokenSchema,
  verifyPassword,
} from '../auth/index.js';
import { DomainError, refuse } from '../errors.js';
import { problems } from './schemas.js';

/** POST /api/v1/auth/login: public, strictly rate limited, every attempt in the access log (R10). */
export const loginRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/v1/auth/login',
    {
      config: {
        audit: { none: 'logged by the handler as auth.login, with the username tried and the outcome' },
        rateLimit: { max: app.config.rateLimit.loginPerMinute || 1_000_000, timeWindow: 60_000 },
      },
      schema: {
        security: [],
        tags: ['auth'],
        body: z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(200) }),
        response: { 200: tokenSchema, ...problems },
      },
    },
    async (request) => {
      const now = app.now();
      const { db } = app.database;
      const result = await authenticate(db, request.body.username, request.body.password, now, {
        lockoutThreshold: app.config.lockout.threshold,
        lockoutMinutes: app.config.lockout.minutes,
      });
      await recordAccess(
        db,
        {
          actorId: result.ok ? result.user.id : (result.userId ?? null),
          actorUsername: request.body.username,
          action: 'auth.login',
          ip: request.ip,
          outcome: result.ok ? 'success' : 'denied',
          status: result.ok ? 200 : 401,
          requestId: String(request.id),
          detail: result.ok ? null : { reason: result.reason },
        },
        now,
      );
      if (!result.ok)
        throw new DomainError('unauthorized', 'wrong username or password, or the account is locked');
      return { ...app.issueToken(result.user), mustChangePassword: result.user.mustChangePassword };
    },
  );
};

/** POST /api/v1/auth/password: change one's own password (required after a generated one). */
export const passwordRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/v1/auth/password',
    {
      config: {
        allowWhilePasswordChangeRequired: true,
        audit: { action: 'auth.password_change', targetType: 'user' },
      },
      schema: {
        tags: ['auth'],
        body: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }),
        response: { 200: tokenSchema, ...problems },
      },
    },
    async (request) => {
      const { db } = app.database;
      const principal = request.principal!;
      const row = await db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', principal.id)
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(request.body.currentPassword, row.password_hash))) {
        throw refuse('current_password_wrong', 'the current password is wrong', 'body.currentPassword');
      }
      if (request.body.newPassword === request.body.currentPassword) {
        throw refuse(
          'password_unchanged',
          'the new password must differ from the current one',
          'body.newPassword',
        );
      }
      const now = app.now();
      await setPassword(db, principal.id, request.body.newPassword, now);
      // Tokens issued before the change stop working (accounts.loadPrincipal); this one is new.
      return { ...app.issueToken(await getUser(db, principal.id)), mustChangePassword: false };
    },
  );
};
