import compress from '@fastify/compress';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { hasRole } from '../auth/index.js';
import { recordRequestAccess } from '../http/request-access.js';
import { accountPages } from './account.pages.js';
import { adminNotificationPages } from './admin-notifications.pages.js';
import { adminSitePages } from './admin-sites.pages.js';
import { adminUserPages } from './admin-users.pages.js';
import { type Assets, loadAssets } from './assets.js';
import { auditPages } from './audit.pages.js';
import { deskPages } from './desk.pages.js';
import { webErrors } from './errors.js';
import { exportPages } from './export.pages.js';
import { ledgerPages } from './ledger.pages.js';
import { oidcPages } from './oidc.pages.js';
import { reconcilePages } from './reconcile.pages.js';
import { requestPages } from './requests.pages.js';
import { rightsPages } from './rights.pages.js';
import { csrfValid, webSession } from './session.js';
import { viewingPages } from './viewing.pages.js';
import { vmsImportPages } from './vms-imports.pages.js';

/**
 * The web pages at `/`: server-rendered HTML over the same domain functions as the JSON
 * API, every form a plain form (POST, then a redirect to a GET), scripts only enhancing.
 */
export const webPages: FastifyPluginAsync = async (app) => {
  // Pages are not part of the API's OpenAPI document. The swagger plugin keeps each route's
  // options object and reads `hide` when it writes the document, after every route is in.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  const assets = loadAssets();
  await app.register(compress);
  app.get('/assets/:name', { config: { rateLimit: false } }, async (request, reply) => {
    const asset = assets.byName.get((request.params as { name: string }).name);
    if (!asset) return reply.code(404).type('text/plain').send('not found');
    return reply
      .type(asset.type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(asset.body);
  });
  await app.register(async (scope) => pages(scope, assets));
};

async function pages(app: FastifyInstance, assets: Assets) {
  const policy = { idleMinutes: app.config.session.idleMinutes, maxHours: app.config.session.maxHours };
  await app.register(formbody);
  await app.register(webSession, { policy });
  const errors = webErrors(assets);
  app.setErrorHandler(errors.handler);

  app.addHook('preHandler', async (request, reply) => {
    const config = request.routeOptions.config;
    if (request.method === 'POST' && !config.multipartForm && !config.noFormToken && !csrfValid(request)) {
      await recordRequestAccess(app, request, 'web.csrf', 403, { path: request.routeOptions.url ?? null });
      return errors.csrf(request, reply);
    }
    if (config.public) return;
    const principal = request.principal;
    if (!principal) return reply.redirect('/sign-in', 303);
    if (principal.mustChangePassword && !config.allowWhilePasswordChangeRequired) {
      return reply.redirect('/account', 303);
    }
    if (config.roles && !hasRole(principal, ...config.roles)) return errors.forbidden(request, reply);
  });

  await app.register(accountPages, { assets, policy });
  await app.register(oidcPages, { assets, policy });
  await app.register(viewingPages, { assets });
  await app.register(auditPages, { assets });
  await app.register(adminUserPages, { assets });
  await app.register(adminSitePages, { assets });
  await app.register(adminNotificationPages, { assets });
  await app.register(deskPages, { assets });
  await app.register(requestPages, { assets });
  await app.register(ledgerPages, { assets });
  await app.register(exportPages, { assets });
  await app.register(rightsPages, { assets });
  await app.register(vmsImportPages, { assets });
  await app.register(reconcilePages, { assets });
}
