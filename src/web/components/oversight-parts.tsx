import type { ComponentChildren } from 'preact';

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

/** A submit button in the house style. */
export function SubmitButton({ label, secondary }: { label: string; secondary?: boolean }) {
  return (
    <button type="submit" class={`hds-button hds-button--${secondary ? 'secondary' : 'primary'}`}>
      <span class="hds-button__label">{label}</span>
    </button>
  );
}
