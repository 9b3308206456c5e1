import type { LedgerEvent } from '../../protocol/index.js';
import type { Copy, OutsideRequest } from '../../requests/index.js';
import type { Camera } from '../../sites/index.js';
import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FormErrors,
  Notice,
  TextField,
} from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { UrgencyBadge } from '../components/request-urgency.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';
import type { FormValues } from '../typed-form.js';

/** Which of the page's forms was sent and refused, with what was typed and why (by field). */
export interface RefusedForm {
  form: string;
  values: FormValues;
  errors: FormErrors;
}

export interface RequestView {
  request: OutsideRequest;
  copies: readonly Copy[];
  history: readonly LedgerEvent[];
  siteName: string;
  cameras: readonly Camera[];
  users: ReadonlyMap<string, string>;
  /** R13: this person may decide (responsible for the site, and not the registrar when two decide). */
  canDecide: boolean;
  /** R2: this person makes, delivers and destroys copies and closes the request. */
  canHandle: boolean;
  /** R13: the decision is withheld from this person because they registered the request. */
  ownRequest: boolean;
  notice?: string | undefined;
  refused?: RefusedForm | undefined;
  /** Prefills as a person would type them: now, and the requested footage period. */
  typed: { now: string; footageFrom: string; footageTo: string };
}

/** A form of the page: its fields' ids and names carry the form's id, so each is unique. */
function formState(view: RequestView, form: string, prefill: FormValues = {}) {
  const refused = view.refused?.form === form ? view.refused : undefined;
  const values = refused?.values ?? prefill;
  const text = (name: string) => {
    const v = values[name];
    return typeof v === 'string' ? v : '';
  };
  const list = (name: string) => {
    const v = values[name];
    return Array.isArray(v) ? v : [];
  };
  return {
    text,
    list,
    error: (name: string) => refused?.errors[name],
    id: (name: string) => `${form}-${name}`,
  };
}

function Facts({ view }: { view: RequestView }) {
  const { m } = usePage();
  const r = view.request;
  const cameraNames = r.cameraIds.map((id) => view.cameras.find((c) => c.id === id)?.name ?? id);
  const rows: [string, string][] = [
    [m.requestChannel, m.requestChannels[r.channel as keyof typeof m.requestChannels] ?? r.channel],
    [m.requestReceivedAt, formatTime(m, r.receivedAt)],
    [m.requestRequesterName, r.requesterName],
    [m.requestOrganisation, `${r.organisation}${r.organisationIsPolice ? ` (${m.requestPolice})` : ''}`],
    [m.requestContact, r.contact],
    [m.requestReference, r.reference],
    [m.requestAsks, r.asks.map((a) => m.requestAskValues[a]).join(', ')],
    [m.site, view.siteName],
    [m.cameras, cameraNames.join(', ') || m.valueNone],
    [m.requestFootage, `${formatTime(m, r.footageFrom)} – ${formatTime(m, r.footageTo)}`],
    [m.requestLegalBasis, r.statedLegalBasis],
    [m.requestRegisteredBy, `${view.users.get(r.registeredBy) ?? ''}, ${formatTime(m, r.registeredAt)}`],
    [m.requestFootageDeleted, formatTime(m, r.footageDeletedAt)],
  ];
  return (
    <dl class="facts">
      {rows.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  );
}

function Submit({ label, secondary }: { label: string; secondary?: boolean }) {
  return (
    <button type="submit" class={`hds-button hds-button--${secondary ? 'secondary' : 'primary'}`}>
      <span class="hds-button__label">{label}</span>
    </button>
  );
}

const requestAction = (r: OutsideRequest, what: string) => `/requests/${encodeURIComponent(r.id)}/${what}`;

function DecisionForm({ view }: { view: RequestView }) {
  const { m } = usePage();
  const f = formState(view, 'decision');
  const r = view.request;
  return (
    <form method="post" action={requestAction(r, 'decision')} novalidate>
      <CsrfField />
      <ChoiceGroup
        id={f.id('decision')}
        kind="radio"
        label={m.requestDecision}
        required
        error={f.error('decision')}
        selected={[f.text('decision')]}
        choices={[
          { value: 'accepted', label: m.requestDecisionValues.accepted },
          { value: 'rejected', label: m.requestDecisionValues.rejected },
        ]}
      />
      <TextField
        id={f.id('reason')}
        label={m.requestDecisionReason}
        value={f.text('reason')}
        error={f.error('reason')}
        multiline
        required
      />
      {!r.organisationIsPolice && (
        <TextField
          id={f.id('overrideReason')}
          label={m.requestOverrideReason}
          hint={m.requestOverrideHint}
          value={f.text('overrideReason')}
          error={f.error('overrideReason')}
          multiline
        />
      )}
      <Submit label={m.requestDecideButton} />
    </form>
  );
}

function CopyForm({ view }: { view: RequestView }) {
  const { m } = usePage();
  const r = view.request;
  const f = formState(view, 'copy', {
    madeAt: view.typed.now,
    footageFrom: view.typed.footageFrom,
    footageTo: view.typed.footageTo,
    cameraIds: r.cameraIds,
  });
  const field = (name: string, label: string, hint?: string) => (
    <TextField
      id={f.id(name)}
      label={label}
      hint={hint}
      value={f.text(name)}
      error={f.error(name)}
      required
    />
  );
  return (
    <form method="post" action={requestAction(r, 'copies')} novalidate>
      <CsrfField />
      <ChoiceGroup
        id={f.id('cameraIds')}
        kind="checkbox"
        label={m.cameras}
        required
        error={f.error('cameraIds')}
        selected={f.list('cameraIds')}
        choices={view.cameras.map((c) => ({ value: c.id, label: c.name }))}
      />
      <div class="form-row--pair">
        {field('footageFrom', m.requestFootageFrom, m.timeHint)}
        {field('footageTo', m.requestFootageTo, m.timeHint)}
      </div>
      {field('medium', m.requestCopyMedium, m.requestCopyMediumHint)}
      {field('identifier', m.requestCopyIdentifier)}
      {field('storageLocation', m.requestCopyStorage)}
      {field('madeAt', m.requestCopyMadeAt, m.timeHint)}
      <Submit label={m.requestCopyButton} />
    </form>
  );
}

function DeliveryForm({ view, copy }: { view: RequestView; copy: Copy }) {
  const { m } = usePage();
  const f = formState(view, `deliver${copy.seq}`, { deliveredAt: view.typed.now });
  const field = (name: string, label: string, hint?: string) => (
    <TextField
      id={f.id(name)}
      label={label}
      hint={hint}
      value={f.text(name)}
      error={f.error(name)}
      required
    />
  );
  return (
    <form
      method="post"
      action={requestAction(view.request, `copies/${encodeURIComponent(copy.id)}/delivery`)}
      novalidate
    >
      <CsrfField />
      <h4>{m.requestDeliverTitle}</h4>
      {field('deliveredAt', m.requestDeliveredAt, m.timeHint)}
      {field('recipientName', m.requestRecipientName)}
      {field('recipientUnit', m.requestRecipientUnit)}
      {field('receiptRef', m.requestReceiptRef)}
      <Submit label={m.requestDeliverButton} />
    </form>
  );
}

function DestructionForm({ view, copy }: { view: RequestView; copy: Copy }) {
  const { m } = usePage();
  const f = formState(view, `destroy${copy.seq}`, { destroyedAt: view.typed.now });
  return (
    <form
      method="post"
      action={requestAction(view.request, `copies/${encodeURIComponent(copy.id)}/destruction`)}
      novalidate
    >
      <CsrfField />
      <h4>{m.requestDestroyTitle}</h4>
      <TextField
        id={f.id('destroyedAt')}
        label={m.requestDestroyedAt}
        hint={m.timeHint}
        value={f.text('destroyedAt')}
        error={f.error('destroyedAt')}
        required
      />
      <TextField
        id={f.id('method')}
        label={m.requestDestroyMethod}
        hint={m.requestDestroyMethodHint}
        value={f.text('method')}
        error={f.error('method')}
        required
      />
      <TextField
        id={f.id('witness')}
        label={m.requestDestroyWitness}
        value={f.text('witness')}
        error={f.error('witness')}
      />
      {!copy.delivery && (
        <TextField
          id={f.id('reason')}
          label={m.requestDestroyReason}
          hint={m.requestDestroyReasonHint}
          value={f.text('reason')}
          error={f.error('reason')}
          multiline
          required
        />
      )}
      <Submit label={m.requestDestroyButton} secondary />
    </form>
  );
}

function CopyCard({ view, copy }: { view: RequestView; copy: Copy }) {
  const { m } = usePage();
  const who = (id: string) => view.users.get(id) ?? '';
  const cameras = copy.cameraIds.map((id) => view.cameras.find((c) => c.id === id)?.name ?? id).join(', ');
  const open = view.canHandle && view.request.status === 'accepted';
  return (
    <article class="panel copy" aria-labelledby={`copy-${copy.seq}`}>
      <h3 id={`copy-${copy.seq}`}>{fill(m.requestCopyHeading, { identifier: copy.identifier })}</h3>
      <p>
        <strong>{m.requestCopyStates[copy.state]}</strong>
      </p>
      <dl class="facts">
        <dt>{m.requestCopyMedium}</dt>
        <dd>{copy.medium}</dd>
        <dt>{m.cameras}</dt>
        <dd>{cameras}</dd>
        <dt>{m.requestFootage}</dt>
        <dd>{`${formatTime(m, copy.footageFrom)} – ${formatTime(m, copy.footageTo)}`}</dd>
        <dt>{m.requestCopyStorage}</dt>
        <dd>{copy.storageLocation}</dd>
        <dt>{m.requestCopyMadeBy}</dt>
        <dd>{`${who(copy.madeBy)}, ${formatTime(m, copy.madeAt)}`}</dd>
        {copy.delivery && (
          <>
            <dt>{m.requestDeliveredAt}</dt>
            <dd>
              {`${formatTime(m, copy.delivery.deliveredAt)}: ${copy.delivery.recipientName}, ${copy.delivery.recipientUnit} (${copy.delivery.receiptRef})`}
            </dd>
          </>
        )}
        {copy.destruction && (
          <>
            <dt>{m.requestDestroyedAt}</dt>
            <dd>
              {`${formatTime(m, copy.destruction.destroyedAt)}: ${copy.destruction.method}, ${who(copy.destruction.destroyedBy)}`}
              {copy.destruction.witness ? ` (${copy.destruction.witness})` : ''}
            </dd>
          </>
        )}
      </dl>
      {open && copy.state === 'made' && <DeliveryForm view={view} copy={copy} />}
      {open && copy.state !== 'destroyed' && <DestructionForm view={view} copy={copy} />}
    </article>
  );
}

function ClosureForm({ view }: { view: RequestView }) {
  const { m } = usePage();
  const f = formState(view, 'close');
  return (
    <form method="post" action={requestAction(view.request, 'closure')} novalidate>
      <CsrfField />
      <TextField
        id={f.id('reason')}
        label={m.requestCloseReason}
        hint={m.requestCloseHint}
        value={f.text('reason')}
        error={f.error('reason')}
        multiline
      />
      <Submit label={m.requestCloseButton} secondary />
    </form>
  );
}

function History({ view }: { view: RequestView }) {
  const { m } = usePage();
  return (
    <ol class="history">
      {view.history.map((e) => (
        <li>
          {`${formatTime(m, e.at)} · ${m.requestEventTypes[e.type as keyof typeof m.requestEventTypes] ?? e.type} · ${
            e.actorId ? (view.users.get(e.actorId) ?? '') : ''
          }`}
        </li>
      ))}
    </ol>
  );
}

/** One outside request: its facts, decision, copies and their custody, closure and history. */
export function RequestDetailPage({ view }: { view: RequestView }) {
  const { m } = usePage();
  const r = view.request;
  const title = fill(m.requestLabel, { seq: r.seq, requester: r.requesterName });
  const refusedErrors = Object.fromEntries(
    Object.entries(view.refused?.errors ?? {}).map(([k, v]) => [`${view.refused?.form}-${k}`, v]),
  );
  const d = r.decision;
  return (
    <Layout title={title} page={`/requests/${encodeURIComponent(r.id)}`}>
      <h1>{title}</h1>
      {view.notice && <Notice kind="success" title={view.notice} />}
      <ErrorSummary errors={refusedErrors} fields={[]} />
      <p>
        <strong>{m.requestStatusValues[r.status]}</strong>
        {r.status === 'registered' && (
          <>
            {' · '}
            <UrgencyBadge request={r} />
          </>
        )}
      </p>
      <section class="panel" aria-labelledby="request-facts">
        <h2 id="request-facts">{m.requestFactsTitle}</h2>
        <Facts view={view} />
      </section>
      <section class="panel" aria-labelledby="request-decision">
        <h2 id="request-decision">{m.requestDecision}</h2>
        {d ? (
          <dl class="facts">
            <dt>{m.requestDecision}</dt>
            <dd>{m.requestDecisionValues[d.decision]}</dd>
            <dt>{m.requestDecisionReason}</dt>
            <dd>{d.reason}</dd>
            {d.overrideReason && (
              <>
                <dt>{m.requestOverrideReason}</dt>
                <dd>{d.overrideReason}</dd>
              </>
            )}
            <dt>{m.requestDecidedBy}</dt>
            <dd>{`${view.users.get(d.decidedBy) ?? ''}, ${formatTime(m, d.decidedAt)}`}</dd>
          </dl>
        ) : view.canDecide ? (
          <DecisionForm view={view} />
        ) : (
          <p>{view.ownRequest ? m.requestOwnNoDecision : m.requestAwaitingDecision}</p>
        )}
      </section>
      {(r.status !== 'registered' || view.copies.length > 0) && (
        <section class="panel" aria-labelledby="request-copies">
          <h2 id="request-copies">{m.requestCopiesTitle}</h2>
          {view.copies.length === 0 && <p>{m.requestNoCopies}</p>}
          {view.copies.map((c) => (
            <CopyCard view={view} copy={c} />
          ))}
          {view.copies.length > 0 && view.canHandle && (
            <p>
              <a href={`/requests/${encodeURIComponent(r.id)}/handover`}>{m.requestHandoverLink}</a>
            </p>
          )}
          {view.canHandle && r.status === 'accepted' && (
            <details open={view.copies.length === 0 || view.refused?.form === 'copy'}>
              <summary>{m.requestCopyNew}</summary>
              <CopyForm view={view} />
            </details>
          )}
        </section>
      )}
      {r.closure && (
        <Notice kind="info" title={fill(m.requestClosedAt, { at: formatTime(m, r.closure.closedAt) })}>
          {r.closure.earlyReason && <p>{`${m.requestCloseReason}: ${r.closure.earlyReason}`}</p>}
        </Notice>
      )}
      {view.canHandle && r.status === 'accepted' && (
        <section class="panel" aria-labelledby="request-close">
          <h2 id="request-close">{m.requestCloseTitle}</h2>
          <ClosureForm view={view} />
        </section>
      )}
      <section class="panel" aria-labelledby="request-history">
        <h2 id="request-history">{m.requestHistoryTitle}</h2>
        <History view={view} />
      </section>
    </Layout>
  );
}
