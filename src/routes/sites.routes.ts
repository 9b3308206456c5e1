import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cameraSchema,
  createCamera,
  createSite,
  listCameras,
  listSites,
  newCameraSchema,
  newSiteSchema,
  siteSchema,
} from '../sites/index.js';
import { listOf, refusals } from './schemas.js';

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
};
