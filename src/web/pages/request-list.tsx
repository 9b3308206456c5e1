import type { OutsideRequest } from '../../requests/index.js';
import { Layout } from '../components/layout.js';
import { UrgencyBadge } from '../components/request-urgency.js';
import { formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

export const requestStatusFilters = ['all', 'registered', 'accepted', 'rejected', 'closed'] as const;
export type RequestStatusFilter = (typeof requestStatusFilters)[number];

const listHref = (status: string, page: number) =>
  `/requests?${new URLSearchParams({ status, ...(page > 1 ? { page: String(page) } : {}) })}`;

/** Outside requests, soonest footage deletion first, a page at a time. */
export function RequestListPage(props: {
  items: readonly OutsideRequest[];
  sites: ReadonlyMap<string, string>;
  status: RequestStatusFilter;
  page: number;
  hasMore: boolean;
  canRegister: boolean;
}) {
  const { m } = usePage();
  const { status, page } = props;
  return (
    <Layout title={m.requestListTitle}>
      <h1>{m.requestListTitle}</h1>
      {props.canRegister && (
        <p>
          <a class="hds-button hds-button--primary" href="/requests/new">
            <span class="hds-button__label">{m.requestNewTitle}</span>
          </a>
        </p>
      )}
      <form method="get" action="/requests" class="panel" novalidate>
        <div class="hds-text-input form-row">
          <label for="status" class="hds-text-input__label">
            {m.requestStatusLabel}
          </label>
          <select id="status" name="status">
            {requestStatusFilters.map((s) => (
              <option value={s} selected={s === status}>
                {m.requestStatusFilter[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="hds-button hds-button--secondary">
          <span class="hds-button__label">{m.filterButton}</span>
        </button>
      </form>
      {props.items.length === 0 ? (
        <p>{m.requestListEmpty}</p>
      ) : (
        <div class="table-wrap">
          <table class="hds-table hds-table--light">
            <caption class="visually-hidden">{m.requestListTitle}</caption>
            <thead>
              <tr class="hds-table__header-row">
                <th scope="col">{m.colNumber}</th>
                <th scope="col">{m.requestReceivedAt}</th>
                <th scope="col">{m.colSite}</th>
                <th scope="col">{m.requestRequesterName}</th>
                <th scope="col">{m.colStatus}</th>
                <th scope="col">{m.requestFootageDeleted}</th>
              </tr>
            </thead>
            <tbody class="hds-table__content">
              {props.items.map((r) => (
                <tr>
                  <td data-label={m.colNumber}>
                    <a href={`/requests/${encodeURIComponent(r.id)}`}>{r.seq}</a>
                  </td>
                  <td data-label={m.requestReceivedAt}>{formatTime(m, r.receivedAt)}</td>
                  <td data-label={m.colSite}>{props.sites.get(r.siteId) ?? ''}</td>
                  <td data-label={m.requestRequesterName}>{`${r.requesterName}, ${r.organisation}`}</td>
                  <td data-label={m.colStatus}>{m.requestStatusValues[r.status]}</td>
                  <td data-label={m.requestFootageDeleted}>
                    {r.status === 'registered' ? (
                      <UrgencyBadge request={r} />
                    ) : (
                      formatTime(m, r.footageDeletedAt)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={m.pagerLabel} class="actions">
        {page > 1 && <a href={listHref(status, page - 1)}>{m.requestPagerPrevious}</a>}
        {props.hasMore && <a href={listHref(status, page + 1)}>{m.requestPagerNext}</a>}
      </nav>
    </Layout>
  );
}
