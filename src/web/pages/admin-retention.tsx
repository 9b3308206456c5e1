import type { RetentionStatus } from '../../retention/index.js';
import { DataTable } from '../components/data-table.js';
import { Notice } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

/** R1 at a glance: hours kept per kind, the last purge pass, what is overdue. No personal data. */
export function AdminRetentionPage({ status }: { status: RetentionStatus }) {
  const { m } = usePage();
  const kinds = m.adminKindValues as Record<string, string>;
  const hours = (h: number | null) =>
    h === null ? m.adminHoursKept : h === 0 ? m.adminHoursPerItem : fill(m.adminHours, { hours: h });
  const pass = status.lastPass;
  return (
    <Layout title={m.adminRetentionTitle}>
      <h1>{m.adminRetentionTitle}</h1>
      <p>
        {fill(m.adminRetentionIntro, {
          hours: status.retentionHours,
          seconds: status.purgeIntervalSeconds,
        })}
      </p>
      {status.pastExpiry === 0 ? (
        <Notice kind="success" title={m.adminRetentionOk} />
      ) : (
        <Notice kind="alert" title={fill(m.adminRetentionOverdue, { count: status.pastExpiry })} />
      )}
      <h2>{m.adminRetentionLastPass}</h2>
      <p>
        {pass
          ? fill(m.adminRetentionPass, {
              at: formatTime(m, pass.finishedAt),
              deleted: pass.deleted,
              ms: pass.durationMs,
            })
          : m.adminRetentionNoPass}
      </p>
      <p>
        {status.oldestLiveItem
          ? fill(m.adminRetentionOldest, { at: formatTime(m, status.oldestLiveItem.expiresAt) })
          : m.adminRetentionNone}
      </p>
      <DataTable
        caption={m.adminRetentionTitle}
        columns={[m.adminColKind, m.adminColHours, m.adminColOldestExpiry, m.adminColPastExpiry]}
        rows={status.kinds.map((k) => [
          kinds[k.kind] ?? k.kind,
          hours(k.retentionHours),
          k.oldestExpiry ? formatTime(m, k.oldestExpiry) : m.valueNone,
          String(k.pastExpiry),
        ])}
      />
    </Layout>
  );
}
