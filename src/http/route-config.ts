import type { Role } from '../auth/index.js';

export interface AuditSpec {
  /** What the access log calls this, e.g. `viewing.read`, `user.create`. */
  action: string;
  targetType?: string;
  /** Keep the query string in the log, e.g. the terms of a data subject search (R11). */
  logQuery?: boolean;
}

/**
 * R10: a route that touches no personal data says so, with the reason, instead of an action;
 * a route that logs its calls itself (login, before anyone is known) says that.
 */
export interface NotAudited {
  none: string;
}

export type AuditDeclaration = AuditSpec | NotAudited;

/** The action to log for a route, or null when it declared that it logs none. */
export function auditSpecOf(declaration: AuditDeclaration | undefined): AuditSpec | null {
  return declaration && 'action' in declaration ? declaration : null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** R10: the access-log row of this request was committed with its change. */
    accessLogged?: boolean;
  }
  interface FastifyContextConfig {
    /** Roles allowed to call the route; absent means any authenticated user. */
    roles?: readonly Role[];
    /**
     * R10: record each call of this route in the access log, or say why not. Every route of the
     * API declares one (`requireAuditDeclaration` refuses to start without it).
     */
    audit?: AuditDeclaration;
    /** Reachable while the account must still change its password. */
    allowWhilePasswordChangeRequired?: boolean;
  }
}
