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
import { listOf, problems } from './schemas.js';

/** Sites and cameras: admin creates them; every signed-in user may list them (forms need them). */
export const sitesRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.post(
    '/api/v1/sites',
    {
      config: { roles: ['admin'], audit: { action: 'site.create', targetType: 'site' } },
      schema: { tags: ['sites'], body: newSiteSchema, response: { 201: siteSchema, ...problems } },
    },
    async (request, reply) => reply.code(201).send(await createSite(db, request.body, app.now())),
  );

  app.get(
    '/api/v1/sites',
    {
      config: { audit: { action: 'site.list' } },
      schema: { tags: ['sites'], response: { 200: listOf(siteSchema), ...problems } },
    },
    async () => ({
      items: await listSites(db),
    }),
  );

  app.post(
    '/api/v1/cameras',
    {
      config: { roles: ['admin'], audit: { action: 'camera.create', targetType: 'camera' } },
      schema: { tags: ['cameras'], body: newCameraSchema, response: { 201: cameraSchema, ...problems } },
    },
    async (request, reply) => reply.code(201).send(await createCamera(db, request.body, app.now())),
  );

  app.get(
    '/api/v1/cameras',
    {
      config: { audit: { action: 'camera.list', logQuery: true } },
      schema: {
        tags: ['cameras'],
        querystring: z.strictObject({ siteId: z.string().min(1).optional() }),
        response: { 200: listOf(cameraSchema), ...problems },
      },
    },
    async (request) => ({
      items: await listCameras(db, request.query.siteId ? { siteIds: [request.query.siteId] } : {}),
    }),
  );
};
