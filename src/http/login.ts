import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAccess } from '../audit/index.js';
import { authenticate } from '../auth/index.js';

/**
 * One sign-in attempt, by the API's login or the sign-in page: the password check with
 * its lockout, and the attempt in the access log whatever its outcome (R10).
 */
export async function loginAttempt(
  app: FastifyInstance,
  request: FastifyRequest,
  username: string,
  password: string,
  via: 'api' | 'web',
) {
  const now = app.now();
  const { db } = app.database;
  const checked = await authenticate(db, username, password, now, {
    lockoutThreshold: app.config.lockout.threshold,
    lockoutMinutes: app.config.lockout.minutes,
  });
  // With the identity provider's sign-in, local passwords may be left to admins alone: the
  // break-glass login that works when the provider does not.
  const result =
    checked.ok && !app.config.localPasswords && !checked.user.roles.includes('admin')
      ? { ok: false as const, reason: 'local_password_off', userId: checked.user.id }
      : checked;
  await recordAccess(
    db,
    {
      actorId: result.ok ? result.user.id : (result.userId ?? null),
      actorUsername: username,
      action: 'auth.login',
      ip: request.ip,
      outcome: result.ok ? 'success' : 'denied',
      status: result.ok ? 200 : 401,
      requestId: String(request.id),
      detail: result.ok
        ? via === 'web'
          ? { via }
          : null
        : { reason: result.reason, ...(via === 'web' ? { via } : {}) },
    },
    now,
  );
  return result;
}
