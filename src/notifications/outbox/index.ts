/**
 * The notification outbox: what other folders write in the transaction of the event that
 * causes a notification, and the claims and marks of the worker that sends it.
 */
export { copyOverdueAlert, requestAlert } from './alerts.js';
export { enqueueNotification, type NewNotification, type NotificationParams } from './enqueue.js';
export {
  kindSpecs,
  kindsFor,
  type NotificationKind,
  notificationKindSchema,
  notificationKinds,
  receives,
  requestStage,
} from './kinds.js';
export { type Recipient, recipientsOf } from './recipients.js';
export {
  claimDue,
  markAttemptFailed,
  markObsolete,
  markSent,
  type OutboxRow,
} from './store.js';
