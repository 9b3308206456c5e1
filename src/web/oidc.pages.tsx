import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createSession, type SessionPolicy, setUserLanguage } from '../auth/index.js';
import {
  backChannelLogout,
  beginSignIn,
  finishSignIn,
  ProviderUnavailable,
  type SignInRefusal,
} from '../auth/oidc/index.js';
import { sendProblem } from '../http/problem.js';
import { recordRequestAccess } from '../http/request-access.js';
import type { Assets } from './assets.js';
import { isLang, type Messages } from './messages/index.js';
import { SignInPage, type SignInView } from './pages/sign-in.js';
import { pageContext, sendPage } from './render.js';
import { cookieNames, setSessionCookie } from './session.js';

/** What the sign-in page offers of the identity provider: nothing, its button, or that it is away. */
export async function citySignIn(app: FastifyInstance): Promise<NonNullable<SignInView['oidc']>> {
  if (!app.oidc) return 'off';
  return (await app.oidc.available()) ? 'ready' : 'unavailable';
}

/** The page's words for a refused sign-in: one for a broken flow, one for a person without an account. */
function refusalText(m: Messages, reason: SignInRefusal): string {
  if (reason === 'provider_unavailable') return m.signInOidcUnavailable;
  return reason === 'unknown_account' || reason === 'disabled' || reason === 'group_missing'
    ? m.signInOidcNoAccount
    : m.signInOidcFailed;
}

/**
 * Sign-in through the city's identity provider (OpenID Connect authorization code flow with
 * PKCE, state and nonce): a link starts it, the provider sends the browser back to the
 * callback, and only an enabled account linked to the person enters. Every outcome is in the
 * access log (R10), a refusal with its reason.
 */
export async function oidcPages(app: FastifyInstance, opts: { assets: Assets; policy: SessionPolicy }) {
  const client = app.oidc;
  if (!client) return;
  const db = app.database.db;
  const ctx = (request: FastifyRequest) => pageContext(request, opts.assets);
  const rateLimit = { max: app.config.rateLimit.loginPerMinute || 1_000_000, timeWindow: 60_000 };

  const log = (request: FastifyRequest, status: number, detail: Record<string, unknown>, actor?: string) =>
    recordRequestAccess(app, request, 'auth.login', status, { via: 'oidc', ...detail }, { id: actor });

  app.get('/sign-in/oidc', { config: { public: true, rateLimit } }, async (request, reply) => {
    try {
      const target = await beginSignIn(db, client, request.web.csrf, app.now());
      return reply.redirect(target.href, 303);
    } catch (err) {
      if (!(err instanceof ProviderUnavailable)) throw err;
      await log(request, 503, { reason: 'provider_unavailable' });
      // The provider being away is no fault of the person: the page says so and offers the password form.
      return sendPage(reply, ctx(request), <SignInPage oidc="unavailable" />);
    }
  });

  app.get('/sign-in/oidc/callback', { config: { public: true, rateLimit } }, async (request, reply) => {
    const query = new URLSearchParams(request.url.split('?', 2)[1] ?? '');
    const result = await finishSignIn(db, client, query, request.web.csrf, app.now());
    if (!result.ok) {
      const unavailable = result.reason === 'provider_unavailable';
      const status = unavailable ? 503 : result.reason === 'unknown_state' ? 400 : 401;
      await log(
        request,
        status,
        {
          reason: result.reason,
          subject: result.subject ?? null,
          ...(result.detail ? { error: result.detail } : {}),
        },
        result.userId,
      );
      const view = (
        <SignInPage
          oidc={unavailable ? 'unavailable' : 'ready'}
          oidcError={refusalText(request.web.m, result.reason)}
        />
      );
      return sendPage(reply, ctx(request), view, unavailable ? 200 : status);
    }
    await log(request, 200, { subject: result.subject }, result.userId);
    const sessionId = await createSession(
      db,
      { id: result.userId, tokenGeneration: result.tokenGeneration },
      app.now(),
      opts.policy,
      result.idToken,
    );
    setSessionCookie(request, reply, sessionId);
    if (request.cookies[cookieNames.lang] && isLang(request.web.lang)) {
      await setUserLanguage(db, result.userId, request.web.lang, app.now());
    }
    return reply.redirect('/', 303);
  });

  app.post(
    '/sign-in/oidc/back-channel-logout',
    {
      config: {
        public: true,
        rateLimit,
        noFormToken: 'the identity provider posts it; its signed logout token proves it',
      },
    },
    async (request, reply) => {
      const sent = (request.body as Record<string, unknown> | undefined)?.logout_token;
      const result =
        typeof sent === 'string'
          ? await backChannelLogout(db, client, sent, app.now())
          : ({ ok: false, reason: 'token_invalid' } as const);
      await recordRequestAccess(
        app,
        request,
        'auth.back_channel_logout',
        result.ok ? 200 : 400,
        result.ok
          ? { sessionsEnded: result.ended, sub: result.sub, sid: result.sid }
          : { reason: result.reason },
      );
      reply.header('cache-control', 'no-store');
      if (!result.ok)
        return sendProblem(request, reply, 400, 'bad_request', 'the logout token is not accepted');
      return reply.code(200).send();
    },
  );
}
