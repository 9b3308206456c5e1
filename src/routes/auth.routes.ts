import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changeOwnPassword, getUser, passwordSchema, tokenSchema } from '../auth/index.js';
import { DomainError } from '../errors.js';
import { loginAttempt } from '../http/login.js';
import { publicRefusals, refusals } from './schemas.js';

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
        operationId: 'login',
        summary: 'Sign in',
        description:
          'Public. Gives an access token for `Authorization: Bearer`; every attempt goes to the access log (R10) and repeated failures lock the account (`LOCKOUT_THRESHOLD`).',

        security: [],
        tags: ['auth'],
        body: z
          .strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(200) })
          .meta({ example: { username: 'admin', password: 'the password printed at first start' } }),
        response: {
          200: tokenSchema,
          ...publicRefusals('validation_failed', 'unauthorized', 'rate_limited'),
        },
      },
    },
    async (request) => {
      const result = await loginAttempt(app, request, request.body.username, request.body.password, 'api');
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
        operationId: 'changeOwnPassword',
        summary: 'Change your own password',
        description:
          'Any signed-in user, also while a password change is required. Gives a new token; tokens issued before stop working. Logged in the access log (R10).',

        tags: ['auth'],
        body: z
          .strictObject({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema })
          .meta({
            example: {
              currentPassword: 'the password printed at first start',
              newPassword: 'pitkä salalause kirjastolle',
            },
          }),
        response: {
          200: tokenSchema,
          ...refusals('validation_failed', 'current_password_wrong', 'password_unchanged'),
        },
      },
    },
    async (request) => {
      const { db } = app.database;
      const principal = request.principal!;
      await changeOwnPassword(
        db,
        principal.id,
        request.body.currentPassword,
        request.body.newPassword,
        app.now(),
      );
      // Tokens issued before the change stop working (accounts.loadPrincipal); this one is new.
      return { ...app.issueToken(await getUser(db, principal.id)), mustChangePassword: false };
    },
  );
};
