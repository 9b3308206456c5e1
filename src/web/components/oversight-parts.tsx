import type { ComponentChildren } from 'preact';
import { usePage } from '../render.js';

/** Label–value pairs of one record, as the entry page shows an entry's facts. */
export function FactList({ rows }: { rows: readonly (readonly [string, ComponentChildren])[] }) {
  return (
    <dl class="facts">
      {rows.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

/**
 * A table that stacks into labelled rows on a narrow screen (each cell carries its column's
 * name), with a caption screen readers announce.
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
  return (
    // A wide table scrolls sideways in its own region, which the keyboard can reach (WCAG 2.1.1).
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

/** Links to the first page and to the next one of a list paged on the server. */
export function Pager({ first, next }: { first?: string | undefined; next?: string | undefined }) {
  const { m } = usePage();
  if (!first && !next) return null;
  return (
    <nav aria-label={m.pagerLabel} class="actions">
      {first && <a href={first}>{m.pagerNewest}</a>}
      {next && <a href={next}>{m.pagerOlder}</a>}
    </nav>
  );
}

/** A submit button in the house style. */
export function SubmitButton({ label, secondary }: { label: string; secondary?: boolean }) {
  return (
    <button type="submit" class={`hds-button hds-button--${secondary ? 'secondary' : 'primary'}`}>
      <span class="hds-button__label">{label}</span>
    </button>
  );
}
