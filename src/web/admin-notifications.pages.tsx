import type { FastifyInstance } from 'fastify';
import { userNames } from '../auth/index.js';
import { listDeliveries, outboxCounts } from '../notifications/index.js';
import type { Assets } from './assets.js';
import { AdminNotificationsPage } from './pages/admin-notifications.js';
import { pageContext, sendPage } from './render.js';

/** The admin's view of notifications by e-mail: the latest deliveries, newest first. */
export async function adminNotificationPages(app: FastifyInstance, opts: { assets: Assets }) {
  const db = app.database.db;
  app.get(
    '/admin/notifications',
    { config: { roles: ['admin'], audit: { action: 'notifications.deliveries.list' } } },
    async (request, reply) => {
      const [deliveries, counts] = await Promise.all([
        listDeliveries(db, { limit: 100 }, app.config.notifications.from),
        outboxCounts(db),
      ]);
      const names = await userNames(
        db,
        deliveries.map((d) => d.userId),
      );
      return sendPage(
        reply,
        pageContext(request, opts.assets),
        <AdminNotificationsPage
          enabled={app.notifications.enabled}
          counts={counts}
          deliveries={deliveries}
          names={names}
        />,
      );
    },
  );
}
