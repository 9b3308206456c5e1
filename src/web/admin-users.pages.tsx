import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  createApiKey,
  createUser,
  getUser,
  listApiKeys,
  listUsers,
  newApiKeySchema,
  newUserSchema,
  passwordSchema,
  revokeApiKey,
  setPassword,
  unlockUser,
  updateUser,
  userPatchSchema,
} from '../auth/index.js';
import { identityOf, linkIdentity, linkIdentitySchema, unlinkIdentity } from '../auth/oidc/index.js';
import { listSites } from '../sites/index.js';
import { attempt, doneNotice, formChecked, formText, lines, parseForm } from './admin-form.js';
import type { Assets } from './assets.js';
import type { ApiKeyFormValues } from './pages/admin-api-keys.js';
import { AdminNewUserPage, AdminUserPage, formOfUser, type UserFormValues } from './pages/admin-user.js';
import { AdminUsersPage } from './pages/admin-users.js';
import { pageContext, sendPage } from './render.js';
import { typedDay } from './typed-input.js';

const admin = ['admin'] as const;
const pageSize = 50;

function readUserForm(body: unknown): UserFormValues {
  return {
    username: formText(body, 'username').trim(),
    displayName: formText(body, 'displayName'),
    roles: formChecked(body, 'roles'),
    siteIds: formChecked(body, 'siteIds'),
    vmsUsernames: formText(body, 'vmsUsernames'),
    email: formText(body, 'email').trim(),
    password: formText(body, 'password'),
  };
}

const userFields = (v: UserFormValues) => ({
  displayName: v.displayName,
  roles: v.roles,
  siteIds: v.siteIds,
  vmsUsernames: lines(v.vmsUsernames),
  // Empty: no address, so no notifications.
  email: v.email === '' ? null : v.email,
});

/**
 * The admin's pages of accounts: staff and integration accounts, creating one with a
 * temporary password, editing roles, sites and camera-system user names (R6), disabling,
 * a new temporary password, unlocking. The admin sees no ledger contents.
 */
export async function adminUserPages(app: FastifyInstance, opts: { assets: Assets }) {
  const db = app.database.db;
  const ctx = (request: FastifyRequest) => pageContext(request, opts.assets);
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  const userUrl = (id: string, done: string) => `/admin/users/${encodeURIComponent(id)}?${done}`;

  app.get(
    '/admin/users',
    { config: { roles: admin, audit: { action: 'user.list' } } },
    async (request, reply) => {
      const raw = (request.query as Record<string, unknown>).page;
      const page = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
      const [users, sites] = await Promise.all([listUsers(db), listSites(db)]);
      const staff = users.filter((u) => !u.roles.includes('integration'));
      const shown = staff.slice(page * pageSize, (page + 1) * pageSize);
      return sendPage(
        reply,
        ctx(request),
        <AdminUsersPage
          staff={shown}
          integration={users.filter((u) => u.roles.includes('integration'))}
          sites={sites}
          now={app.now()}
          first={page > 0 ? '/admin/users' : undefined}
          next={staff.length > (page + 1) * pageSize ? `/admin/users?page=${page + 1}` : undefined}
        />,
      );
    },
  );

  const blank: UserFormValues = {
    username: '',
    displayName: '',
    roles: [],
    siteIds: [],
    vmsUsernames: '',
    email: '',
    password: '',
  };
  app.get('/admin/users/new', { config: { roles: admin } }, async (request, reply) =>
    sendPage(
      reply,
      ctx(request),
      <AdminNewUserPage values={blank} errors={{}} sites={await listSites(db)} />,
    ),
  );

  app.post(
    '/admin/users',
    { config: { roles: admin, audit: { action: 'user.create', targetType: 'user' } } },
    async (request, reply) => {
      const { m } = request.web;
      const values = readUserForm(request.body);
      const parsed = parseForm(m, newUserSchema, {
        ...userFields(values),
        username: values.username,
        password: values.password,
      });
      let created: string | undefined;
      // The admin typed the first password: the person must change it at their first sign-in.
      const create = async (input: z.output<typeof newUserSchema>) => {
        created = (await createUser(db, input, app.now(), true)).id;
      };
      const errors = parsed.ok ? await attempt(m, () => create(parsed.value)) : parsed.errors;
      if (!errors && created) return reply.redirect(userUrl(created, 'created'), 303);
      const page = (
        <AdminNewUserPage
          values={{ ...values, password: '' }}
          errors={errors ?? {}}
          sites={await listSites(db)}
        />
      );
      return sendPage(reply, ctx(request), page, 422);
    },
  );

  const notices = {
    created: 'adminUserCreated',
    saved: 'adminUserSaved',
    disabled: 'adminUserDisabled',
    enabled: 'adminUserEnabled',
    password: 'adminPasswordReset',
    unlocked: 'adminUserUnlocked',
    revoked: 'adminApiKeyRevoked',
    linked: 'adminExternalLinked',
    unlinked: 'adminExternalUnlinked',
  } as const;
  const claim = app.oidc?.settings.usernameClaim;

  async function userPage(
    request: FastifyRequest,
    values?: UserFormValues,
    errors: Record<string, string> = {},
    keyForm: { values: ApiKeyFormValues; issued?: string } = { values: { label: '', expiresOn: '' } },
  ) {
    const user = await getUser(db, idOf(request));
    const integrationOnly = user.roles.length === 1 && user.roles[0] === 'integration';
    return (
      <AdminUserPage
        user={user}
        values={values ?? formOfUser(user)}
        errors={errors}
        sites={await listSites(db)}
        now={app.now()}
        notice={doneNotice(request, notices)}
        external={claim ? { claim, identity: await identityOf(db, user.id) } : undefined}
        apiKeys={integrationOnly ? { keys: await listApiKeys(db, user.id), ...keyForm } : undefined}
      />
    );
  }

  app.get(
    '/admin/users/:id',
    { config: { roles: admin, audit: { action: 'user.read', targetType: 'user' } } },
    async (request, reply) => sendPage(reply, ctx(request), await userPage(request)),
  );

  /** An admin may not lock themselves out: not disable their own account, nor drop their own admin role. */
  const selfLockout = (request: FastifyRequest, patch: { roles?: string[]; disabled?: boolean }) =>
    idOf(request) === request.principal!.id &&
    (patch.disabled === true || (patch.roles !== undefined && !patch.roles.includes('admin')));

  app.post(
    '/admin/users/:id',
    { config: { roles: admin, audit: { action: 'user.update', targetType: 'user' } } },
    async (request, reply) => {
      const { m } = request.web;
      const values = readUserForm(request.body);
      const parsed = parseForm(m, userPatchSchema, userFields(values));
      const errors = !parsed.ok
        ? parsed.errors
        : selfLockout(request, parsed.value)
          ? { roles: m.adminNotSelf }
          : await attempt(m, () => updateUser(db, idOf(request), parsed.value, app.now()));
      if (!errors) return reply.redirect(userUrl(idOf(request), 'saved'), 303);
      return sendPage(reply, ctx(request), await userPage(request, values, errors), 422);
    },
  );

  app.post(
    '/admin/users/:id/disabled',
    { config: { roles: admin, audit: { action: 'user.update', targetType: 'user' } } },
    async (request, reply) => {
      const disabled = formText(request.body, 'value') === 'true';
      if (selfLockout(request, { disabled })) {
        return sendPage(
          reply,
          ctx(request),
          await userPage(request, undefined, { disabled: request.web.m.adminNotSelf }),
          422,
        );
      }
      await updateUser(db, idOf(request), { disabled }, app.now());
      return reply.redirect(userUrl(idOf(request), disabled ? 'disabled' : 'enabled'), 303);
    },
  );

  app.post(
    '/admin/users/:id/password',
    { config: { roles: admin, audit: { action: 'user.set_password', targetType: 'user' } } },
    async (request, reply) => {
      const { m } = request.web;
      const parsed = parseForm(m, z.object({ password: passwordSchema }), {
        password: formText(request.body, 'password'),
      });
      if (!parsed.ok)
        return sendPage(reply, ctx(request), await userPage(request, undefined, parsed.errors), 422);
      await setPassword(db, idOf(request), parsed.value.password, app.now(), true);
      return reply.redirect(userUrl(idOf(request), 'password'), 303);
    },
  );

  app.post(
    '/admin/users/:id/unlock',
    { config: { roles: admin, audit: { action: 'user.unlock', targetType: 'user' } } },
    async (request, reply) => {
      await unlockUser(db, idOf(request), app.now());
      return reply.redirect(userUrl(idOf(request), 'unlocked'), 303);
    },
  );

  app.post(
    '/admin/users/:id/external-identity',
    { config: { roles: admin, audit: { action: 'user.external_identity_link', targetType: 'user' } } },
    async (request, reply) => {
      const { m } = request.web;
      const parsed = parseForm(m, linkIdentitySchema, { subject: formText(request.body, 'subject') });
      const errors = parsed.ok
        ? await attempt(m, () =>
            linkIdentity(db, idOf(request), parsed.value.subject, request.principal!.id, app.now()),
          )
        : parsed.errors;
      if (!errors) return reply.redirect(userUrl(idOf(request), 'linked'), 303);
      return sendPage(reply, ctx(request), await userPage(request, undefined, errors), 422);
    },
  );

  app.post(
    '/admin/users/:id/external-identity/delete',
    { config: { roles: admin, audit: { action: 'user.external_identity_unlink', targetType: 'user' } } },
    async (request, reply) => {
      await unlinkIdentity(db, idOf(request));
      return reply.redirect(userUrl(idOf(request), 'unlinked'), 303);
    },
  );

  app.post(
    '/admin/users/:id/api-keys',
    { config: { roles: admin, audit: { action: 'api_key.create', targetType: 'user' } } },
    async (request, reply) => {
      const { m } = request.web;
      const values = {
        label: formText(request.body, 'label'),
        expiresOn: formText(request.body, 'expiresOn'),
      };
      // The key is valid until the end of the day typed, in Helsinki.
      const day = values.expiresOn.trim() ? typedDay(m, values.expiresOn) : undefined;
      const parsed = parseForm(m, newApiKeySchema, {
        label: values.label,
        expiresAt: day?.ok ? day.value.end : '',
      });
      let issued: string | undefined;
      const errors = !day
        ? { expiresOn: m.fieldRequired }
        : !day.ok
          ? { expiresOn: day.error }
          : !parsed.ok
            ? parsed.errors
            : await attempt(m, async () => {
                issued = (
                  await createApiKey(db, idOf(request), parsed.value, request.principal!.id, app.now())
                ).key;
              });
      // The API's field is expiresAt; the form's is the day typed.
      const { expiresAt, ...others } = errors ?? {};
      const keyErrors = errors && (expiresAt ? { ...others, expiresOn: expiresAt } : others);
      // The one answer that shows the key: never kept by a cache.
      reply.header('cache-control', 'no-store');
      const page = await userPage(
        request,
        undefined,
        keyErrors ?? {},
        issued ? { values: { label: '', expiresOn: '' }, issued } : { values },
      );
      return sendPage(reply, ctx(request), page, keyErrors ? 422 : 200);
    },
  );

  app.post(
    '/admin/users/:id/api-keys/:keyId/revoke',
    { config: { roles: admin, audit: { action: 'api_key.revoke', targetType: 'user' } } },
    async (request, reply) => {
      const { keyId } = request.params as { keyId: string };
      const errors = await attempt(request.web.m, () =>
        revokeApiKey(db, idOf(request), keyId, request.principal!.id, app.now()),
      );
      if (!errors) return reply.redirect(userUrl(idOf(request), 'revoked'), 303);
      return sendPage(reply, ctx(request), await userPage(request, undefined, errors), 422);
    },
  );
}
