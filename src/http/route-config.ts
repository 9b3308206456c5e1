import type { Role } from '../auth/index.js';

export interface AuditSpec {
  /** What the access log calls this, e.g. `viewing.read`, `user.create`. */
  action: string;
  targetType?: string;
  /** Keep the query string in the log, e.g. the terms of a data subject search (R11). */
  logQuery?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** R10: the access-log row of this request was committed with its change. */
    accessLogged?: boolean;
  }
  interface FastifyContextConfig {
    /** Roles allowed to call the route; absent means any authenticated user. */
    roles?: readonly Role[];
    /** R10: record each call of this route in the access log. */
    audit?: AuditSpec;
    /** Reachable while the account must still change its password. */
    allowWhilePasswordChangeRequired?: boolean;
  }
}
