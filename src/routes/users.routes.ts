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
import { idParams, listOf, refusals } from './schemas.js';

/** Accounts: admin manages them; responsible persons and auditors may list them (R3 grants, audits). */
export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/me',
    {
      config: { allowWhilePasswordChangeRequired: true, audit: { action: 'me.read', targetType: 'user' } },
      schema: {
        operationId: 'getMe',
        summary: 'Who am I',
        description: "Any signed-in user: the caller's account, roles and sites. Logged (R10).",
        tags: ['auth'],
        response: { 200: meSchema, ...refusals() },
      },
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
      schema: {
        operationId: 'createUser',
        summary: 'Add an account',
        description:
          'Admins. Adds a staff account with roles and sites; viewing rights are granted separately (R3). Logged (R10).',
        tags: ['users'],
        body: newUserSchema,
        response: {
          201: userSchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'username_taken',
            'vms_username_taken',
            'unknown_site',
          ),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await createUser(db, request.body, app.now())),
  );

  app.get(
    '/api/v1/users',
    {
      config: { roles: ['admin', 'responsible', 'auditor'], audit: { action: 'user.list' } },
      schema: {
        operationId: 'listUsers',
        summary: 'List accounts',
        description: 'Admins, responsible persons (to grant rights, R3) and auditors. Logged (R10).',
        tags: ['users'],
        response: { 200: listOf(userSchema), ...refusals('forbidden') },
      },
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
      schema: {
        operationId: 'getUser',
        summary: 'Read an account',
        description: 'Admins, responsible persons and auditors. Logged (R10).',
        tags: ['users'],
        params: idParams,
        response: { 200: userSchema, ...refusals('forbidden', 'validation_failed', 'not_found') },
      },
    },
    async (request) => getUser(db, request.params.id),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { roles: ['admin'], audit: { action: 'user.update', targetType: 'user' } },
      schema: {
        operationId: 'updateUser',
        summary: 'Change an account',
        description:
          "Admins: name, roles, sites, camera-system user names (R6), disabled. Takes effect at the user's next request. Logged (R10).",

        tags: ['users'],
        params: idParams,
        body: userPatchSchema,
        response: {
          200: userSchema,
          ...refusals(
            'forbidden',
            'validation_failed',
            'not_found',
            'username_taken',
            'vms_username_taken',
            'unknown_site',
          ),
        },
      },
    },
    async (request) => updateUser(db, request.params.id, request.body, app.now()),
  );

  app.post(
    '/api/v1/users/:id/password',
    {
      config: { roles: ['admin'], audit: { action: 'user.set_password', targetType: 'user' } },
      schema: {
        operationId: 'setUserPassword',
        summary: "Set an account's password",
        description:
          'Admins: sets a password, by default one the user must change at next sign-in. Logged (R10).',

        tags: ['users'],
        params: idParams,
        body: z
          .strictObject({ password: passwordSchema, mustChange: z.boolean().default(true) })
          .meta({ example: { password: 'väliaikainen-salasana-2026', mustChange: true } }),
        response: { 204: z.null(), ...refusals('forbidden', 'validation_failed', 'not_found') },
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
          'Admins only. An account is locked for `LOCKOUT_MINUTES` after `LOCKOUT_THRESHOLD` wrong passwords in a row; this lifts the lock now and starts the count again (also `cctv-ledger user unlock`). The password stays as it is. Logged in the access log (R10).',
        params: idParams,
        response: { 200: userSchema, ...refusals('forbidden', 'not_found') },
      },
    },
    async (request) => unlockUser(db, request.params.id, app.now()),
  );
};
