import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cameraPatchSchema,
  cameraSchema,
  createCamera,
  createSite,
  deactivateCamera,
  listCameras,
  listSites,
  newCameraSchema,
  newSiteSchema,
  siteSchema,
  updateCamera,
} from '../sites/index.js';
import { idParams, listOf, refusals } from './schemas.js';

/** Sites and cameras: admin creates them; every signed-in user may list them (forms need them). */
export const sitesRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.post(
    '/api/v1/sites',
    {
      config: { roles: ['admin'], audit: { action: 'site.create', targetType: 'site' } },
      schema: {
        operationId: 'createSite',
        summary: 'Add a site',
        description: 'Admins: a library of the joint register. Logged (R10).',
        tags: ['sites'],
        body: newSiteSchema,
        response: { 201: siteSchema, ...refusals('forbidden', 'validation_failed', 'site_name_taken') },
      },
    },
    async (request, reply) => reply.code(201).send(await createSite(db, request.body, app.now())),
  );

  app.get(
    '/api/v1/sites',
    {
      config: { audit: { action: 'site.list' } },
      schema: {
        operationId: 'listSites',
        summary: 'List sites',
        description: 'Any signed-in user (the forms need them); no rule of its own.',
        tags: ['sites'],
        response: { 200: listOf(siteSchema), ...refusals() },
      },
    },
    async () => ({
      items: await listSites(db),
    }),
  );

  app.post(
    '/api/v1/cameras',
    {
      config: { roles: ['admin'], audit: { action: 'camera.create', targetType: 'camera' } },
      schema: {
        operationId: 'createCamera',
        summary: 'Add a camera',
        description:
          'Admins: a camera of a site with the names it has in the camera system, which reconciliation matches (R6). Logged (R10).',
        tags: ['cameras'],
        body: newCameraSchema,
        response: {
          201: cameraSchema,
          ...refusals('forbidden', 'validation_failed', 'unknown_site', 'camera_name_taken'),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await createCamera(db, request.body, app.now())),
  );

  app.get(
    '/api/v1/cameras',
    {
      config: { audit: { action: 'camera.list', logQuery: true } },
      schema: {
        operationId: 'listCameras',
        summary: 'List cameras',
        description:
          'Any signed-in user, optionally of one site (the forms need them), with the names reconciliation matches in the camera system’s log (R6).',

        tags: ['cameras'],
        querystring: z.strictObject({ siteId: z.string().min(1).optional() }),
        response: { 200: listOf(cameraSchema), ...refusals('validation_failed') },
      },
    },
    async (request) => ({
      items: await listCameras(db, request.query.siteId ? { siteIds: [request.query.siteId] } : {}),
    }),
  );

  app.patch(
    '/api/v1/cameras/:id',
    {
      config: { roles: ['admin'], audit: { action: 'camera.update', targetType: 'camera' } },
      schema: {
        tags: ['cameras'],
        operationId: 'updateCamera',
        summary: 'Rename a camera or change its camera-system names',
        description:
          "Admins only. Changes the camera's name (unique within its site) and the names the camera system knows it by (`vmsNames`, used to match imported events, R6); a field left out stays as it is. Entries name cameras by id, so the ledger keeps pointing at the same camera.",
        params: idParams,
        body: cameraPatchSchema,
        response: {
          200: cameraSchema,
          ...refusals('forbidden', 'validation_failed', 'not_found', 'camera_name_taken'),
        },
      },
    },
    async (request) => updateCamera(db, request.params.id, request.body),
  );

  app.post(
    '/api/v1/cameras/:id/deactivate',
    {
      config: { roles: ['admin'], audit: { action: 'camera.deactivate', targetType: 'camera' } },
      schema: {
        tags: ['cameras'],
        operationId: 'deactivateCamera',
        summary: 'Take a camera out of use',
        description:
          'Admins only. A deactivated camera is no longer offered on the viewing form, but it is never deleted: the entries, imports and findings that name it keep it (R4). Deactivating a camera again keeps the first time (`deactivatedAt`).',
        params: idParams,
        response: {
          200: cameraSchema,
          ...refusals('forbidden', 'not_found'),
        },
      },
    },
    async (request) => deactivateCamera(db, request.params.id, app.now()),
  );
};
