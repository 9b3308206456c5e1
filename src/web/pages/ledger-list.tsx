import { type Grounds, groundsValues, type ListedViewing } from '../../protocol/index.js';
import type { Site } from '../../sites/index.js';
import { ErrorSummary, type FormErrors, SelectField, TextField } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

export const lateFilters = ['yes', 'no'] as const;

export interface LedgerQuery {
  siteId: string;
  from: string;
  to: string;
  viewerId: string;
  grounds: string;
  late: string;
}

const ledgerHref = (q: LedgerQuery, before?: string) => {
  const params = Object.entries({ ...q, ...(before ? { before } : {}) }).filter(([, v]) => v !== '');
  return `/ledger?${new URLSearchParams(params)}`;
};

/** R4: the entries of the sites, newest first, narrowed by period, viewer, grounds and lateness (R5). */
export function LedgerPage(props: {
  items: readonly ListedViewing[];
  sites: readonly Site[];
  viewers: readonly { id: string; name: string }[];
  q: LedgerQuery;
  errors: FormErrors;
  nextCursor: string | null;
  paged: boolean;
  canRecord: boolean;
}) {
  const { m } = usePage();
  const { q } = props;
  const siteName = new Map(props.sites.map((s) => [s.id, s.name]));
  return (
    <Layout title={m.ledgerTitle}>
      <h1>{m.ledgerTitle}</h1>
      {props.canRecord && (
        <p>
          <a href="/viewings/new">{m.ledgerRecordOnBehalf}</a>
        </p>
      )}
      <ErrorSummary
        errors={props.errors}
        fields={[
          ['from', m.filterFrom],
          ['to', m.filterTo],
        ]}
      />
      <form method="get" action="/ledger" class="panel" novalidate>
        <fieldset class="hds-fieldset">
          <legend>{m.ledgerFilterLegend}</legend>
          <SelectField
            id="siteId"
            label={m.site}
            value={q.siteId}
            empty={m.ledgerAll}
            options={props.sites.map((s) => ({ value: s.id, label: s.name }))}
          />
          <div class="form-row--pair">
            <TextField
              id="from"
              label={m.filterFrom}
              value={q.from}
              hint={m.dateHint}
              error={props.errors.from}
            />
            <TextField id="to" label={m.filterTo} value={q.to} hint={m.dateHint} error={props.errors.to} />
          </div>
          <SelectField
            id="viewerId"
            label={m.ledgerViewer}
            value={q.viewerId}
            empty={m.ledgerAll}
            options={props.viewers.map((v) => ({ value: v.id, label: v.name }))}
          />
          <SelectField
            id="grounds"
            label={m.colGrounds}
            value={q.grounds}
            empty={m.ledgerAll}
            options={groundsValues.map((g) => ({ value: g, label: m.groundsValues[g].label }))}
          />
          <SelectField
            id="late"
            label={m.ledgerLate}
            value={q.late}
            empty={m.ledgerAll}
            options={lateFilters.map((l) => ({ value: l, label: m.ledgerLateValues[l] }))}
          />
        </fieldset>
        <button type="submit" class="hds-button hds-button--secondary">
          <span class="hds-button__label">{m.filterButton}</span>
        </button>
      </form>
      {props.items.length === 0 ? (
        <p>{m.ledgerEmpty}</p>
      ) : (
        <div class="table-wrap">
          <table class="hds-table hds-table--light">
            <caption class="visually-hidden">{m.ledgerTitle}</caption>
            <thead>
              <tr class="hds-table__header-row">
                <th scope="col">{m.colNumber}</th>
                <th scope="col">{m.colViewedAt}</th>
                <th scope="col">{m.colSite}</th>
                <th scope="col">{m.ledgerViewer}</th>
                <th scope="col">{m.colGrounds}</th>
                <th scope="col">{m.colDescription}</th>
                <th scope="col">{m.colStatus}</th>
              </tr>
            </thead>
            <tbody class="hds-table__content">
              {props.items.map((v) => (
                <tr class={v.voided ? 'voided' : undefined}>
                  <td data-label={m.colNumber}>
                    <a href={`/viewings/${encodeURIComponent(v.id)}`}>{v.seq}</a>
                  </td>
                  <td data-label={m.colViewedAt}>{formatTime(m, v.viewedAt)}</td>
                  <td data-label={m.colSite}>{siteName.get(v.siteId) ?? ''}</td>
                  <td data-label={m.ledgerViewer}>{v.viewerName}</td>
                  <td data-label={m.colGrounds}>
                    {m.groundsValues[v.grounds as Grounds]?.label ?? v.grounds}
                  </td>
                  <td data-label={m.colDescription}>{v.description}</td>
                  <td data-label={m.colStatus}>
                    {[v.late ? m.late : '', v.voided ? m.ledgerVoided : ''].filter(Boolean).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={m.pagerLabel} class="actions">
        {props.paged && <a href={ledgerHref(q)}>{m.pagerNewest}</a>}
        {props.nextCursor && <a href={ledgerHref(q, props.nextCursor)}>{m.pagerOlder}</a>}
      </nav>
    </Layout>
  );
}
