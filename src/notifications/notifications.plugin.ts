import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createPeriodicPass } from '../periodic-pass.js';
import { createMailTransport } from './sender.js';
import { type NotificationPassResult, runNotificationPass } from './worker.js';

export interface NotificationService {
  /** A mail relay is configured (SMTP_HOST): notifications are written and sent. */
  enabled: boolean;
  /** One pass now (or the running one); null when notifications are off. */
  runPass(): Promise<NotificationPassResult | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    notifications: NotificationService;
  }
}

/**
 * Notifications by e-mail in the service process: a pass when the app is ready and then
 * every NOTIFY_INTERVAL_SECONDS, which writes the alerts that became due and sends the
 * outbox through the operator's relay (R12). Off, and no connection is ever made, unless
 * SMTP_HOST is set.
 */
export const notificationsPlugin = fp(
  async (app: FastifyInstance) => {
    const smtp = app.config.notifications.smtp;
    if (!smtp) {
      app.decorate('notifications', { enabled: false, runPass: async () => null });
      return;
    }
    const transport = createMailTransport(smtp);
    const state = { owner: randomUUID(), lastVerifiedAt: null };
    const passes = createPeriodicPass<NotificationPassResult>({
      intervalMs: app.config.notifications.intervalSeconds * 1000,
      run: () => runNotificationPass(app.database.db, transport, app.config, () => app.now(), state),
      onResult: (r) => {
        const level = r.sent.failed > 0 ? 'warn' : r.sent.sent > 0 ? 'info' : 'debug';
        app.log[level](
          { notificationPass: r },
          `notifications: ${r.sent.sent} sent, ${r.sent.failed} failed`,
        );
      },
      onError: (err) => app.log.error({ err }, 'notification pass failed'),
    });
    app.decorate('notifications', {
      enabled: true,
      runPass: () => passes.runNow<NotificationPassResult>(),
    });
    app.addHook('onReady', async () => passes.start());
    app.addHook('onClose', async () => passes.stop());
  },
  { name: 'notifications', dependencies: ['database'] },
);
