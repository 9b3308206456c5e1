import { Notice } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

/** What a person keeps after logging: the entry's number, when, its hash, and lateness (R5). */
export function ReceiptPage({
  id,
  seq,
  recordedAt,
  hash,
  lateByMinutes,
}: {
  id: string;
  seq: number;
  recordedAt: string;
  hash: string;
  lateByMinutes: number | null;
}) {
  const { m } = usePage();
  return (
    <Layout title={m.receiptTitle}>
      <h1>{m.receiptTitle}</h1>
      {lateByMinutes === null ? (
        <Notice kind="success" title={m.receiptOnTime} />
      ) : (
        <Notice kind="alert" title={fill(m.receiptLate, { minutes: lateByMinutes })} />
      )}
      <div class="panel">
        <dl class="facts">
          <dt>{m.receiptNumber}</dt>
          <dd id="receipt-number">{seq}</dd>
          <dt>{m.receiptRecordedAt}</dt>
          <dd>{formatTime(m, recordedAt)}</dd>
          <dt>{m.receiptHash}</dt>
          <dd>
            <span class="hash" title={hash}>
              {hash.slice(0, 12)}
            </span>
            <br />
            <small>{m.receiptHashHelp}</small>
          </dd>
        </dl>
      </div>
      <p class="actions">
        <a href={`/viewings/${encodeURIComponent(id)}`}>{m.receiptOpen}</a>
        <a href="/viewings/new">{m.receiptAnother}</a>
      </p>
    </Layout>
  );
}
