import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { checkSession, csrfTokenOf, newSessionId, type SessionPolicy, sameSecret } from '../auth/index.js';
import { recordRequestAccess } from '../http/request-access.js';
import { catalogs, isLang, type Lang, type Messages } from './messages/index.js';

/**
 * Who is asking, in which language, and the form token, for every page request. The
 * session cookie is read only here, in the pages' scope: the JSON API authenticates by
 * bearer token alone, so a cookie never authorises an `/api/v1` call.
 */
export const cookieNames = { session: 'cctv_session', preSession: 'cctv_pre', lang: 'cctv_lang' } as const;

export interface WebState {
  lang: Lang;
  m: Messages;
  /** The synchroniser token every form of this page carries. */
  csrf: string;
  sessionId: string | null;
  /** A session cookie came but its session had ended (idle, expired or revoked). */
  sessionEnded: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    web: WebState;
  }
  interface FastifyContextConfig {
    /** Web pages: reachable without signing in. */
    public?: boolean;
    /**
     * A multipart form: its token is among the parts, which only the handler reads, so the
     * handler checks it (`csrfMatches`) before it uses anything sent.
     */
    multipartForm?: boolean;
    /**
     * A POST that no form of ours sends, so it carries no form token: why it needs none (it
     * proves itself otherwise, as the identity provider's signed logout token does).
     */
    noFormToken?: string;
  }
}

/** httpOnly and SameSite=Lax always; Secure whenever the browser came over HTTPS. */
export function cookieOptions(request: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: request.protocol === 'https',
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/** Starts the signed-in session in the browser: a fresh id (never the pre-session's). */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string) {
  reply.setCookie(cookieNames.session, sessionId, cookieOptions(request));
  reply.clearCookie(cookieNames.preSession, { path: '/' });
}

export function setLanguageCookie(request: FastifyRequest, reply: FastifyReply, lang: Lang) {
  reply.setCookie(cookieNames.lang, lang, cookieOptions(request, 365 * 86_400));
}

export const webSession = fp(
  async (app: FastifyInstance, opts: { policy: SessionPolicy }) => {
    const db = app.database.db;
    await app.register(cookie);
    app.decorateRequest('web', null as unknown as WebState);

    app.addHook('onRequest', async (request, reply) => {
      const cookies = request.cookies;
      let sessionId = cookies[cookieNames.session] ?? null;
      let language: string | null = null;
      let sessionEnded = false;
      if (sessionId) {
        const check = await checkSession(db, sessionId, app.now(), opts.policy);
        if (check.ok) {
          request.principal = check.principal;
          language = check.language;
        } else {
          sessionEnded = true;
          reply.clearCookie(cookieNames.session, { path: '/' });
          // R10: a session refused because the account changed or time ran out.
          if (check.reason !== 'unknown') {
            await recordRequestAccess(
              app,
              request,
              'web.session',
              401,
              { reason: check.reason },
              { id: check.userId },
            );
          }
          sessionId = null;
        }
      }
      let csrfSeed = sessionId;
      if (!csrfSeed) {
        csrfSeed = cookies[cookieNames.preSession] ?? newSessionId();
        if (!cookies[cookieNames.preSession])
          reply.setCookie(cookieNames.preSession, csrfSeed, cookieOptions(request));
      }
      const cookieLang = cookies[cookieNames.lang];
      const lang = isLang(language) ? language : isLang(cookieLang) ? cookieLang : 'fi';
      request.web = { lang, m: catalogs[lang], csrf: csrfTokenOf(csrfSeed), sessionId, sessionEnded };
    });
  },
  { name: 'web-session', dependencies: ['database'] },
);

/** Every state-changing form carries the token of the session (or pre-session) it came from. */
export function csrfValid(request: FastifyRequest): boolean {
  return csrfMatches(request, (request.body as Record<string, unknown> | undefined)?._csrf);
}

export function csrfMatches(request: FastifyRequest, sent: unknown): boolean {
  return typeof sent === 'string' && sameSecret(sent, request.web.csrf);
}
