import type { NotificationDelivery } from '../../notifications/index.js';
import { DataTable } from '../components/data-table.js';
import { Notice } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

/**
 * Notifications by e-mail as the admin sees them: what was sent to whom and when, what waits
 * and what failed, and why. No mail text.
 */
export function AdminNotificationsPage({
  enabled,
  counts,
  deliveries,
  names,
}: {
  enabled: boolean;
  counts: { pending: number; failed: number };
  deliveries: readonly NotificationDelivery[];
  names: ReadonlyMap<string, string>;
}) {
  const { m } = usePage();
  const when = (at: string | null) => (at ? formatTime(m, at) : m.valueNone);
  return (
    <Layout title={m.adminNotificationsTitle}>
      <h1>{m.adminNotificationsTitle}</h1>
      {enabled ? (
        <p>{fill(m.adminNotificationsCounts, counts)}</p>
      ) : (
        <Notice kind="info" title={m.adminNotificationsOff} />
      )}
      {counts.failed > 0 && <Notice kind="alert" title={m.adminNotificationsFailed} />}
      <DataTable
        caption={m.adminNotificationsTitle}
        columns={[
          m.adminNotificationsColCreated,
          m.adminNotificationsColKind,
          m.adminNotificationsColTo,
          m.adminNotificationsColStatus,
          m.adminNotificationsColAttempts,
          m.adminNotificationsColSent,
          m.adminNotificationsColError,
        ]}
        rows={deliveries.map((d) => [
          when(d.createdAt),
          m.notificationKinds[d.kind],
          names.get(d.userId) ?? d.userId,
          m.adminNotificationStatus[d.status],
          d.unconfirmed > 0
            ? fill(m.adminNotificationsUnconfirmed, { attempts: d.attempts, unconfirmed: d.unconfirmed })
            : String(d.attempts),
          when(d.sentAt),
          d.lastError ?? m.valueNone,
        ])}
      />
    </Layout>
  );
}
