import type { ComponentChildren } from 'preact';
import { usePage } from '../render.js';

/**
 * A list as an HDS table whose cells carry their column's name, so that a narrow screen can
 * read each row as a card (theme.css) instead of scrolling sideways.
 */
export function DataTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: readonly string[];
  rows: readonly (readonly ComponentChildren[])[];
}) {
  // A wide table scrolls sideways within its frame; the frame takes focus, so that the
  // keyboard can scroll it too (WCAG 2.1.1).
  return (
    <section class="table-wrap" aria-label={caption} tabindex={0}>
      <table class="hds-table hds-table--light">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr class="hds-table__header-row">
            {columns.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody class="hds-table__content">
          {rows.map((cells) => (
            <tr>
              {cells.map((cell, i) => (
                <td data-label={columns[i]}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * Links to the first and the next page of a list paged on the server; the labels say which
 * way the list runs (newest first: "newest" and "older").
 */
export function Pager({
  first,
  next,
  labels,
}: {
  first?: string | undefined;
  next?: string | undefined;
  labels?: readonly [first: string, next: string];
}) {
  const { m } = usePage();
  const [firstLabel, nextLabel] = labels ?? [m.pagerNewest, m.pagerOlder];
  if (!first && !next) return null;
  return (
    <nav aria-label={m.pagerLabel} class="actions">
      {first && <a href={first}>{firstLabel}</a>}
      {next && <a href={next}>{nextLabel}</a>}
    </nav>
  );
}
