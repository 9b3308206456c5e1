import type { AccessLogRow } from '../../audit/index.js';
import { DataTable, Pager } from '../components/data-table.js';
import { ErrorSummary, type FormErrors, SelectField, TextField } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

/** The filters as typed; dates in the Finnish way, read as Europe/Helsinki days. */
export interface AccessLogQuery {
  actorId: string;
  action: string;
  from: string;
  to: string;
  outcome: string;
}

export const outcomeValues = ['success', 'denied', 'failed'] as const;

export const accessLogQueryString = (q: AccessLogQuery, before?: string) =>
  new URLSearchParams([
    ...Object.entries(q).filter(([, v]) => v !== ''),
    ...(before ? [['before', before]] : []),
  ]).toString();

/** R10: the service's own access log, newest first, filtered, a page at a time. */
export function AuditLogPage(props: {
  rows: readonly AccessLogRow[];
  q: AccessLogQuery;
  people: readonly { id: string; label: string }[];
  errors: FormErrors;
  nextCursor: string | null;
  paged: boolean;
}) {
  const { m } = usePage();
  const { q, errors } = props;
  const outcomes = m.auditOutcomeValues as Record<string, string>;
  return (
    <Layout title={m.auditLogTitle}>
      <h1>{m.auditLogTitle}</h1>
      <p>{m.auditLogIntro}</p>
      <ErrorSummary
        errors={errors}
        fields={[
          ['from', m.filterFrom],
          ['to', m.filterTo],
        ]}
      />
      <form method="get" action="/audit/access-log" class="panel" novalidate>
        <fieldset class="hds-fieldset">
          <legend>{m.filterLegend}</legend>
          <div class="form-row--pair">
            <SelectField
              id="actorId"
              label={m.auditLogWho}
              value={q.actorId}
              empty={m.auditLogAnyone}
              options={props.people.map((p) => ({ value: p.id, label: p.label }))}
            />
            <TextField id="action" label={m.auditLogAction} hint={m.auditLogActionHint} value={q.action} />
          </div>
          <div class="form-row--pair">
            <TextField id="from" label={m.filterFrom} value={q.from} hint={m.dateHint} error={errors.from} />
            <TextField id="to" label={m.filterTo} value={q.to} hint={m.dateHint} error={errors.to} />
          </div>
          <SelectField
            id="outcome"
            label={m.auditLogOutcome}
            value={q.outcome}
            empty={m.auditLogAnyOutcome}
            options={outcomeValues.map((o) => ({ value: o, label: outcomes[o] ?? o }))}
          />
        </fieldset>
        <button type="submit" class="hds-button hds-button--secondary">
          <span class="hds-button__label">{m.filterButton}</span>
        </button>
      </form>
      {props.rows.length === 0 ? (
        <p>{m.auditLogEmpty}</p>
      ) : (
        <DataTable
          caption={m.auditLogTitle}
          columns={[
            m.auditColAt,
            m.auditColWho,
            m.auditColAction,
            m.auditColTarget,
            m.auditColFrom,
            m.auditColOutcome,
            m.auditColDetail,
          ]}
          rows={props.rows.map((r) => [
            formatTime(m, r.at),
            r.actorUsername ?? m.auditNobody,
            r.action,
            [r.targetType, r.targetId].filter(Boolean).join(' '),
            r.ip ?? '',
            `${outcomes[r.outcome] ?? r.outcome} (${r.status})`,
            // As logged: JSON of what the request named (R10), shown as text.
            r.detail ? <span class="hash">{JSON.stringify(r.detail)}</span> : '',
          ])}
        />
      )}
      <Pager
        first={props.paged ? `/audit/access-log?${accessLogQueryString(q)}` : undefined}
        next={props.nextCursor ? `/audit/access-log?${accessLogQueryString(q, props.nextCursor)}` : undefined}
      />
    </Layout>
  );
}
