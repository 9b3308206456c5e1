import type { FastifyInstance } from 'fastify';
import {
  changeOwnPassword,
  createSession,
  endSession,
  getUser,
  passwordSchema,
  type SessionPolicy,
  setUserLanguage,
} from '../auth/index.js';
import { signOutUrl } from '../auth/oidc/index.js';
import { DomainError } from '../errors.js';
import { loginAttempt } from '../http/login.js';
import { recordRequestAccess } from '../http/request-access.js';
import {
  getNotificationSettings,
  kindsFor,
  type NotificationSettings,
  setNotificationSettings,
} from '../notifications/index.js';
import type { Assets } from './assets.js';
import type { FormErrors } from './components/fields.js';
import { fill, formatTime, isLang } from './messages/index.js';
import { citySignIn } from './oidc.pages.js';
import { AccountPage } from './pages/account.js';
import { HomePage } from './pages/home.js';
import { SignInPage } from './pages/sign-in.js';
import { pageContext, sendPage } from './render.js';
import { cookieNames, setLanguageCookie, setSessionCookie } from './session.js';

type Form = Record<string, unknown>;
const text = (form: unknown, key: string) => {
  const v = (form as Form | undefined)?.[key];
  return typeof v === 'string' ? v : '';
};

/** Only a path of this site: never `//host` or `https://…`, so the switch cannot send anyone away. */
const localPath = (back: string) => (/^\/(?!\/)[^\\]*$/.test(back) ? back : '/');

/** Sign-in, sign-out, the home page, the account and the language. */
export async function accountPages(app: FastifyInstance, opts: { assets: Assets; policy: SessionPolicy }) {
  const db = app.database.db;
  const ctx = (request: Parameters<typeof pageContext>[0]) => pageContext(request, opts.assets);

  app.get('/sign-in', { config: { public: true } }, async (request, reply) => {
    if (request.principal) return reply.redirect('/', 303);
    const q = request.query as Form;
    const { m } = request.web;
    const notice =
      q['signed-out'] !== undefined ? m.signedOut : request.web.sessionEnded ? m.signInEnded : undefined;
    const oidc = await citySignIn(app);
    return sendPage(reply, ctx(request), <SignInPage oidc={oidc} {...(notice ? { notice } : {})} />);
  });

  app.post(
    '/sign-in',
    {
      config: {
        public: true,
        rateLimit: { max: app.config.rateLimit.loginPerMinute || 1_000_000, timeWindow: 60_000 },
      },
    },
    async (request, reply) => {
      const username = text(request.body, 'username').slice(0, 200);
      const password = text(request.body, 'password').slice(0, 200);
      const { m } = request.web;
      const result = await loginAttempt(app, request, username, password, 'web');
      if (!result.ok) {
        const error = result.lockedUntil
          ? fill(m.signInLocked, { until: formatTime(m, result.lockedUntil) })
          : result.reason === 'local_password_off'
            ? m.signInPasswordOff
            : m.signInWrong;
        const page = <SignInPage username={username} error={error} oidc={await citySignIn(app)} />;
        return sendPage(reply, ctx(request), page, 401);
      }
      const sessionId = await createSession(db, result.user, app.now(), opts.policy);
      setSessionCookie(request, reply, sessionId);
      // A language chosen before signing in stays, and becomes the account's if it had none.
      if (!result.user.language && request.cookies[cookieNames.lang] && isLang(request.web.lang)) {
        await setUserLanguage(db, result.user.id, request.web.lang, app.now());
      }
      return reply.redirect(result.user.mustChangePassword ? '/account' : '/', 303);
    },
  );

  app.post('/sign-out', { config: { public: true } }, async (request, reply) => {
    let providerSignOut: URL | null = null;
    if (request.web.sessionId) {
      const { idToken } = await endSession(db, request.web.sessionId);
      await recordRequestAccess(app, request, 'auth.logout', 303);
      // A session begun at the identity provider ends there too (RP-initiated logout).
      if (idToken && app.oidc) providerSignOut = await signOutUrl(app.oidc, idToken);
    }
    reply.clearCookie(cookieNames.session, { path: '/' });
    return reply.redirect(providerSignOut?.href ?? '/sign-in?signed-out', 303);
  });

  app.post('/language', { config: { public: true } }, async (request, reply) => {
    const lang = text(request.body, 'lang');
    if (isLang(lang)) {
      setLanguageCookie(request, reply, lang);
      if (request.principal) await setUserLanguage(db, request.principal.id, lang, app.now());
    }
    return reply.redirect(localPath(text(request.body, 'back')), 303);
  });

  app.get('/', async (request, reply) => sendPage(reply, ctx(request), <HomePage />));

  const notificationsOf = (id: string): Promise<NotificationSettings> => getNotificationSettings(db, id);

  app.get('/account', { config: { allowWhilePasswordChangeRequired: true } }, async (request, reply) => {
    const q = request.query as Form;
    const { m } = request.web;
    const notice =
      q.done !== undefined
        ? m.passwordChanged
        : q.notifications !== undefined
          ? m.notificationsSaved
          : undefined;
    return sendPage(
      reply,
      ctx(request),
      <AccountPage
        errors={{}}
        notice={notice}
        notifications={await notificationsOf(request.principal!.id)}
      />,
    );
  });

  app.post(
    '/account/notifications',
    { config: { audit: { action: 'notifications.settings.update', targetType: 'user' } } },
    async (request, reply) => {
      const principal = request.principal!;
      // Only the boxes the form offered this person; an unticked box is simply not sent.
      const kinds = kindsFor(principal.roles).filter((k) => text(request.body, `kind-${k}`) === 'on');
      await setNotificationSettings(db, principal.id, { kinds }, app.now());
      return reply.redirect('/account?notifications', 303);
    },
  );

  app.post(
    '/account/password',
    {
      config: {
        allowWhilePasswordChangeRequired: true,
        audit: { action: 'auth.password_change', targetType: 'user' },
      },
    },
    async (request, reply) => {
      const { m } = request.web;
      const principal = request.principal!;
      const current = text(request.body, 'currentPassword');
      const next = text(request.body, 'newPassword');
      const errors: Record<string, string> = {};
      if (!current) errors.currentPassword = m.fieldRequired;
      if (!passwordSchema.safeParse(next).success) errors.newPassword = m.passwordTooShort;
      else if (text(request.body, 'repeatPassword') !== next) errors.repeatPassword = m.passwordMismatch;
      if (Object.keys(errors).length === 0) {
        try {
          await changeOwnPassword(db, principal.id, current, next, app.now());
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          if (err.field === 'body.currentPassword') errors.currentPassword = m.passwordWrong;
          else errors.newPassword = m.passwordSame;
        }
      }
      if (Object.keys(errors).length > 0) {
        return sendPage(
          reply,
          ctx(request),
          <AccountPage errors={errors as FormErrors} notifications={await notificationsOf(principal.id)} />,
          422,
        );
      }
      // The change ended every session of the account (its token generation moved on),
      // this one included: the person goes on in a new one.
      await endSession(db, request.web.sessionId!);
      setSessionCookie(
        request,
        reply,
        await createSession(db, await getUser(db, principal.id), app.now(), opts.policy),
      );
      return reply.redirect('/account?done', 303);
    },
  );
}
