/**
 * Notifications by e-mail: the outbox other folders write to (`./outbox`), the mails in each
 * reader's language, the periodic pass that finds time-based alerts, the sender and its
 * plugin, each person's choices and the admins' list of deliveries.
 */
export { composeMail, type MailText } from './compose.js';
export {
  type DeliveryQuery,
  deliveryQuerySchema,
  listDeliveries,
  type NotificationDelivery,
  notificationDeliverySchema,
  outboxCounts,
} from './deliveries.js';
export { type NotificationService, notificationsPlugin } from './notifications.plugin.js';
export { kindSpecs, kindsFor, type NotificationKind, notificationKinds } from './outbox/index.js';
export { type FoundAlerts, findDueAlerts, type PassState } from './pass.js';
export {
  getNotificationSettings,
  type NotificationSettings,
  type NotificationSettingsPatch,
  notificationSettingsPatchSchema,
  notificationSettingsSchema,
  setNotificationSettings,
} from './preferences.js';
export {
  createMailTransport,
  deliverClaimed,
  type MailTransport,
  messageIdOf,
  type SendResult,
  type SendSettings,
  sendDue,
} from './sender.js';
export { type NotificationPassResult, runNotificationPass, sendSettingsOf } from './worker.js';
