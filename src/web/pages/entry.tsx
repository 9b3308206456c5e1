import type { Amendment, Viewing } from '../../protocol/index.js';
import { Notice } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { type Names, ViewingFacts } from '../components/viewing-facts.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

/** An entry as first recorded, every correction with its reason, and the values in force (R4). */
export function EntryPage(props: {
  original: Viewing;
  amendments: readonly Amendment[];
  effective: Viewing;
  names: Names;
  users: ReadonlyMap<string, string>;
  canAmend: boolean;
  notice?: string | undefined;
}) {
  const { m } = usePage();
  const { original, amendments, effective, names } = props;
  const title = fill(m.entryTitle, { seq: original.seq });
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      {props.notice && <Notice kind="success" title={props.notice} />}
      {effective.late && (
        <Notice kind="alert" title={fill(m.receiptLate, { minutes: effective.lateByMinutes ?? 0 })} />
      )}
      {props.canAmend && (
        <p>
          <a href={`/viewings/${encodeURIComponent(original.id)}/amend`}>{m.amendLink}</a>
        </p>
      )}
      {amendments.length > 0 && (
        <section class="panel" aria-labelledby="effective-title">
          <h2 id="effective-title">{m.effectiveTitle}</h2>
          <ViewingFacts v={effective} names={names} />
        </section>
      )}
      <section class="panel" aria-labelledby="original-title">
        <h2 id="original-title">{m.originalTitle}</h2>
        <ViewingFacts v={original} names={names} />
        <p>
          {m.receiptHash}: <span class="hash">{original.hash.slice(0, 12)}</span>
        </p>
      </section>
      <section class="panel" aria-labelledby="amendments-title">
        <h2 id="amendments-title">{m.amendmentsTitle}</h2>
        {amendments.length === 0 && <p>{m.noAmendments}</p>}
        {amendments.map((a) => (
          <article class="amendment">
            <h3>{fill(m.amendmentHeading, { at: formatTime(m, a.amendedAt) })}</h3>
            <dl class="facts">
              <dt>{m.amendmentReason}</dt>
              <dd>{a.reason}</dd>
              <dt>{m.recordedBy}</dt>
              <dd>{props.users.get(a.amendedBy) ?? a.amendedBy}</dd>
            </dl>
            <ViewingFacts v={a.changes} names={names} only />
          </article>
        ))}
      </section>
    </Layout>
  );
}
