import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createUser,
  getUser,
  listUsers,
  meSchema,
  newUserSchema,
  passwordSchema,
  setPassword,
  unlockUser,
  updateUser,
  userPatchSchema,
  userSchema,
} from '../auth/index.js';
import { idParams, listOf, problems } from './schemas.js';

/** Accounts: admin manages them; responsible persons and auditors may list them (R3 grants, audits). */
export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/me',
    {
      config: { allowWhilePasswordChangeRequired: true, audit: { action: 'me.read', targetType: 'user' } },
      schema: { tags: ['auth'], response: { 200: meSchema, ...problems } },
    },
    async (request) => {
      const p = request.principal!;
      return { ...p, roles: [...p.roles], siteIds: [...p.siteIds] };
    },
  );

  app.post(
    '/api/v1/users',
    {
      config: { roles: ['admin'], audit: { action: 'user.create', targetType: 'user' } },
      schema: { tags: ['users'], body: newUserSchema, response: { 201: userSchema, ...problems } },
    },
    async (request, reply) => reply.code(201).send(await createUser(db, request.body, app.now())),
  );

  app.get(
    '/api/v1/users',
    {
      config: { roles: ['admin', 'responsible', 'auditor'], audit: { action: 'user.list' } },
      schema: { tags: ['users'], response: { 200: listOf(userSchema), ...problems } },
    },
    async () => ({ items: await listUsers(db) }),
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: {
        roles: ['admin', 'responsible', 'auditor'],
        audit: { action: 'user.read', targetType: 'user' },
      },
      schema: { tags: ['users'], params: idParams, response: { 200: userSchema, ...problems } },
    },
    async (request) => getUser(db, request.params.id),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { roles: ['admin'], audit: { action: 'user.update', targetType: 'user' } },
      schema: {
        tags: ['users'],
        params: idParams,
        body: userPatchSchema,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => updateUser(db, request.params.id, request.body, app.now()),
  );

  app.post(
    '/api/v1/users/:id/password',
    {
      config: { roles: ['admin'], audit: { action: 'user.set_password', targetType: 'user' } },
      schema: {
        tags: ['users'],
        params: idParams,
        body: z.strictObject({ password: passwordSchema, mustChange: z.boolean().default(true) }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await setPassword(db, request.params.id, request.body.password, app.now(), request.body.mustChange);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/users/:id/unlock',
    {
      config: { roles: ['admin'], audit: { action: 'user.unlock', targetType: 'user' } },
      schema: {
        tags: ['users'],
        operationId: 'unlockUser',
        summary: 'Unlock an account locked by wrong passwords',
        description:
          'For admins. An account is locked for `LOCKOUT_MINUTES` after `LOCKOUT_THRESHOLD` wrong passwords in a row; this lifts the lock now and starts the count again (also `cctv-ledger user unlock`). The password stays as it is. Logged in the access log (R10).',
        params: idParams,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => unlockUser(db, request.params.id, app.now()),
  );
};
