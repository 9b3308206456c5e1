import type { Copy, OutsideRequest } from '../../requests/index.js';
import { Layout } from '../components/layout.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

/**
 * R2 R8: the record the police sign when they receive a copy: the request, its decision,
 * each copy's identifier and medium, who handed it over and who received it, when, and the
 * signature lines. Printed on one A4 (print.css); what is not yet recorded is left as a line
 * to fill in by hand.
 */
export function RequestHandoverPage(props: {
  request: OutsideRequest;
  copies: readonly Copy[];
  siteName: string;
  users: ReadonlyMap<string, string>;
  handedOverBy: string;
  otherLanguage: { href: string; label: string } | null;
}) {
  const { m } = usePage();
  const r = props.request;
  const d = r.decision;
  const who = (id: string | undefined) => (id ? (props.users.get(id) ?? '') : '');
  const blank = (
    <span class="fill-in">
      <span class="visually-hidden">{m.requestHandoverBlank}</span>
    </span>
  );
  return (
    <Layout title={m.requestHandoverTitle} page={`/requests/${encodeURIComponent(r.id)}/handover`}>
      <div class="handover">
        <p class="no-print">
          <a href={`/requests/${encodeURIComponent(r.id)}`}>{m.requestBack}</a>
          {props.otherLanguage && (
            <>
              {' · '}
              <a href={props.otherLanguage.href} lang="fi">
                {props.otherLanguage.label}
              </a>
            </>
          )}
          {` · ${m.requestPrintHint}`}
        </p>
        <h1>{m.requestHandoverTitle}</h1>
        <p>{fill(m.requestHandoverIntro, { site: props.siteName })}</p>
        <h2>{m.requestFactsTitle}</h2>
        <dl class="facts">
          <dt>{m.requestLabelShort}</dt>
          <dd>{String(r.seq)}</dd>
          <dt>{m.requestRequesterName}</dt>
          <dd>{`${r.requesterName}, ${r.organisation}`}</dd>
          <dt>{m.requestReference}</dt>
          <dd>{r.reference}</dd>
          <dt>{m.requestReceivedAt}</dt>
          <dd>{formatTime(m, r.receivedAt)}</dd>
          <dt>{m.requestFootage}</dt>
          <dd>{`${formatTime(m, r.footageFrom)} – ${formatTime(m, r.footageTo)}`}</dd>
          <dt>{m.requestDecision}</dt>
          <dd>
            {d
              ? `${m.requestDecisionValues[d.decision]}, ${formatTime(m, d.decidedAt)}, ${who(d.decidedBy)}`
              : m.requestAwaitingDecision}
          </dd>
          {d && (
            <>
              <dt>{m.requestDecisionReason}</dt>
              <dd>{d.reason}</dd>
            </>
          )}
        </dl>
        {props.copies.map((c) => (
          <section class="handover-copy" aria-label={c.identifier}>
            <h2>{fill(m.requestCopyHeading, { identifier: c.identifier })}</h2>
            <dl class="facts">
              <dt>{m.requestCopyIdentifier}</dt>
              <dd>{c.identifier}</dd>
              <dt>{m.requestCopyMedium}</dt>
              <dd>{c.medium}</dd>
              <dt>{m.requestFootage}</dt>
              <dd>{`${formatTime(m, c.footageFrom)} – ${formatTime(m, c.footageTo)}`}</dd>
              <dt>{m.requestCopyMadeBy}</dt>
              <dd>{`${who(c.madeBy)}, ${formatTime(m, c.madeAt)}`}</dd>
              <dt>{m.requestHandedOverBy}</dt>
              <dd>{c.delivery ? who(c.delivery.recordedBy) : props.handedOverBy}</dd>
              <dt>{m.requestRecipientName}</dt>
              <dd>{c.delivery ? `${c.delivery.recipientName}, ${c.delivery.recipientUnit}` : blank}</dd>
              <dt>{m.requestDeliveredAt}</dt>
              <dd>{c.delivery ? formatTime(m, c.delivery.deliveredAt) : blank}</dd>
            </dl>
          </section>
        ))}
        <div class="signatures">
          <div class="signature">
            <span class="signature-line" />
            {m.requestSignatureHandedOver}
          </div>
          <div class="signature">
            <span class="signature-line" />
            {m.requestSignatureReceived}
          </div>
        </div>
        <p class="handover-note">{m.requestHandoverNote}</p>
      </div>
    </Layout>
  );
}
