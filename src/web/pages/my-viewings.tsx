import type { Grounds, Viewing } from '../../protocol/index.js';
import { ErrorSummary, type FormErrors, TextField } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

export interface ListQuery {
  from: string;
  to: string;
}

const query = (q: ListQuery, before?: string) =>
  new URLSearchParams({
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(before ? { before } : {}),
  }).toString();

/** My viewings, newest first, a page at a time, narrowed to a period. */
export function MyViewingsPage(props: {
  items: readonly Viewing[];
  sites: ReadonlyMap<string, string>;
  q: ListQuery;
  errors: FormErrors;
  nextCursor: string | null;
  paged: boolean;
}) {
  const { m } = usePage();
  const { q } = props;
  return (
    <Layout title={m.mineTitle}>
      <h1>{m.mineTitle}</h1>
      <ErrorSummary
        errors={props.errors}
        fields={[
          ['from', m.filterFrom],
          ['to', m.filterTo],
        ]}
      />
      <form method="get" action="/viewings" class="panel" novalidate>
        <fieldset class="hds-fieldset">
          <legend>{m.filterLegend}</legend>
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
        </fieldset>
        <button type="submit" class="hds-button hds-button--secondary">
          <span class="hds-button__label">{m.filterButton}</span>
        </button>
      </form>
      {props.items.length === 0 ? (
        <p>{m.mineEmpty}</p>
      ) : (
        <div class="table-wrap">
          <table class="hds-table hds-table--light">
            <caption class="visually-hidden">{m.mineTitle}</caption>
            <thead>
              <tr class="hds-table__header-row">
                <th scope="col">{m.colNumber}</th>
                <th scope="col">{m.colViewedAt}</th>
                <th scope="col">{m.colSite}</th>
                <th scope="col">{m.colGrounds}</th>
                <th scope="col">{m.colDescription}</th>
                <th scope="col">{m.colStatus}</th>
              </tr>
            </thead>
            <tbody class="hds-table__content">
              {props.items.map((v) => (
                <tr>
                  <td data-label={m.colNumber}>
                    <a href={`/viewings/${encodeURIComponent(v.id)}`}>{v.seq}</a>
                  </td>
                  <td data-label={m.colViewedAt}>{formatTime(m, v.viewedAt)}</td>
                  <td data-label={m.colSite}>{props.sites.get(v.siteId) ?? ''}</td>
                  <td data-label={m.colGrounds}>
                    {m.groundsValues[v.grounds as Grounds]?.label ?? v.grounds}
                  </td>
                  <td data-label={m.colDescription}>{v.description}</td>
                  <td data-label={m.colStatus}>{v.late ? m.late : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={m.pagerLabel} class="actions">
        {props.paged && <a href={`/viewings?${query(q)}`}>{m.pagerNewest}</a>}
        {props.nextCursor && <a href={`/viewings?${query(q, props.nextCursor)}`}>{m.pagerOlder}</a>}
      </nav>
    </Layout>
  );
}
