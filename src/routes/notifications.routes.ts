import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  deliveryQuerySchema,
  getNotificationSettings,
  listDeliveries,
  notificationDeliverySchema,
  notificationSettingsPatchSchema,
  notificationSettingsSchema,
  setNotificationSettings,
} from '../notifications/index.js';
import { listOf, refusals } from './schemas.js';

/** Each person's notification choices, and the admins' view of what was sent (R12). */
export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/me/notifications',
    {
      config: { audit: { action: 'notifications.settings.read', targetType: 'user' } },
      schema: {
        tags: ['notifications'],
        operationId: 'getMyNotificationSettings',
        summary: 'My notifications by e-mail',
        description:
          'Any signed-in user: the address their notifications go to (set by an admin), their language and the kinds they receive, with the kinds always sent to a responsible person (R1, R2). Logged (R10).',
        response: { 200: notificationSettingsSchema, ...refusals() },
      },
    },
    async (request) => getNotificationSettings(db, request.principal!.id),
  );

  app.patch(
    '/api/v1/me/notifications',
    {
      config: { audit: { action: 'notifications.settings.update', targetType: 'user' } },
      schema: {
        tags: ['notifications'],
        operationId: 'setMyNotificationSettings',
        summary: 'Choose my notifications',
        description:
          'Any signed-in user: chooses the language of their mails (the pages’ language too) and the kinds they receive; the kinds always sent to a responsible person stay on (R1, R2). Logged (R10).',
        body: notificationSettingsPatchSchema,
        response: { 200: notificationSettingsSchema, ...refusals('validation_failed') },
      },
    },
    async (request) => setNotificationSettings(db, request.principal!.id, request.body, app.now()),
  );

  app.get(
    '/api/v1/notifications/deliveries',
    {
      config: { roles: ['admin'], audit: { action: 'notifications.deliveries.list', logQuery: true } },
      schema: {
        tags: ['notifications'],
        operationId: 'listNotificationDeliveries',
        summary: 'Notifications sent, waiting and failed',
        description:
          'Admins: the latest notifications by e-mail, newest first, each with its kind, recipient, status, attempts and Message-ID; no mail text. Logged (R10).',
        querystring: deliveryQuerySchema,
        response: { 200: listOf(notificationDeliverySchema), ...refusals('forbidden', 'validation_failed') },
      },
    },
    async (request) => ({
      items: await listDeliveries(db, request.query, app.config.notifications.from),
    }),
  );
};
