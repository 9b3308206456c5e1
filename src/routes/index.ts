import type { FastifyPluginAsync } from 'fastify';
import { apiKeysRoutes } from './api-keys.routes.js';
import { auditEventsRoutes } from './audit-events.routes.js';
import { loginRoutes, passwordRoutes } from './auth.routes.js';
import { deskRoutes } from './desk.routes.js';
import { exportsRoutes } from './exports.routes.js';
import { externalIdentitiesRoutes } from './external-identities.routes.js';
import { healthRoutes } from './health.routes.js';
import { ledgerRoutes } from './ledger.routes.js';
import { ledgerImportsRoutes } from './ledger-imports.routes.js';
import { notificationsRoutes } from './notifications.routes.js';
import { reconciliationsRoutes } from './reconciliations.routes.js';
import { recordingsRoutes } from './recordings.routes.js';
import { requestsRoutes } from './requests.routes.js';
import { retentionRoutes } from './retention.routes.js';
import { sitesRoutes } from './sites.routes.js';
import { usersRoutes } from './users.routes.js';
import { viewingRightsRoutes } from './viewing-rights.routes.js';
import { viewingsRoutes } from './viewings.routes.js';
import { vmsRoutes } from './vms.routes.js';

/** Routes reachable without a token. */
export const publicRoutes: FastifyPluginAsync = async (app) => {
  await app.register(healthRoutes);
  await app.register(loginRoutes);
};

/** Routes of the protected scope: registered here, they require a valid token. */
export const apiRoutes: FastifyPluginAsync = async (app) => {
  await app.register(passwordRoutes);
  await app.register(usersRoutes);
  await app.register(sitesRoutes);
  await app.register(auditEventsRoutes);
  await app.register(viewingRightsRoutes);
  await app.register(viewingsRoutes);
  await app.register(ledgerRoutes);
  await app.register(requestsRoutes);
  await app.register(reconciliationsRoutes);
  await app.register(vmsRoutes);
  await app.register(recordingsRoutes);
  await app.register(retentionRoutes);
  await app.register(exportsRoutes);
  await app.register(ledgerImportsRoutes);
  await app.register(deskRoutes);
  await app.register(externalIdentitiesRoutes);
  await app.register(apiKeysRoutes);
  await app.register(notificationsRoutes);
};
