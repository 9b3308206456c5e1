import type { FindingEvidence } from '../../reconcile/index.js';
import { DataTable } from '../components/data-table.js';
import { CsrfField, ErrorSummary, type FormErrors, Notice, TextField } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { FactList, SubmitButton } from '../components/oversight-parts.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

/**
 * One finding (R6): what it is in words, its evidence — the camera-system session and the
 * ledger entries it is about, each linked — and its resolution, or the form to resolve it.
 */
export function FindingPage(props: {
  finding: FindingEvidence;
  site: string;
  names: ReadonlyMap<string, string>;
  entries: readonly { id: string; seq: number }[];
  canResolve: boolean;
  note: string;
  errors: FormErrors;
  notice?: string | undefined;
}) {
  const { m } = usePage();
  const f = props.finding;
  const kind = m.findingKinds[f.kind];
  const path = `/findings/${encodeURIComponent(f.id)}`;
  const title = fill(m.findingTitle, { kind: kind.label });
  return (
    <Layout title={title} page={path}>
      <h1>{title}</h1>
      {props.notice && <Notice kind="success" title={props.notice} />}
      <p>{kind.help}</p>
      <section class="panel" aria-labelledby="finding-facts">
        <h2 id="finding-facts">{m.findingFacts}</h2>
        <FactList
          rows={[
            [m.reconColSite, props.site],
            [m.findingPeriod, fill(m.reconPeriod, { from: formatTime(m, f.from), to: formatTime(m, f.to) })],
            [m.findingVmsUser, f.vmsUser ?? m.valueNone],
            [m.findingPerson, (f.userId && props.names.get(f.userId)) || m.valueNone],
            [m.findingRun, <a href={`/reconciliations/${encodeURIComponent(f.runId)}`}>{m.findingRun}</a>],
          ]}
        />
      </section>
      <section class="panel" aria-labelledby="finding-evidence">
        <h2 id="finding-evidence">{m.findingEvidenceTitle}</h2>
        {f.eventIds.length > 0 && (
          <p>
            <a href={`${path}/session`}>{fill(m.findingSessionLink, { count: f.eventIds.length })}</a>
          </p>
        )}
        <h3>{m.findingEntries}</h3>
        {props.entries.length === 0 ? (
          <p>{m.findingNoEntries}</p>
        ) : (
          <ul>
            {props.entries.map((e) => (
              <li>
                <a href={`/viewings/${encodeURIComponent(e.id)}`}>{fill(m.findingEntry, { seq: e.seq })}</a>
              </li>
            ))}
          </ul>
        )}
        {f.copyIds.length > 0 && <p>{fill(m.findingCopies, { count: f.copyIds.length })}</p>}
      </section>
      <section class="panel" aria-labelledby="finding-resolution">
        <h2 id="finding-resolution">{m.findingResolutionTitle}</h2>
        {f.resolution ? (
          <>
            <p>
              {fill(m.findingResolvedBy, {
                name: props.names.get(f.resolution.resolvedBy) ?? '',
                at: formatTime(m, f.resolution.resolvedAt),
              })}
            </p>
            <p class="note">{f.resolution.note}</p>
          </>
        ) : props.canResolve ? (
          <form method="post" action={`${path}/resolution`} novalidate>
            <ErrorSummary errors={props.errors} fields={[['note', m.findingNote]]} />
            <CsrfField />
            <TextField
              id="note"
              label={m.findingNote}
              hint={m.findingNoteHint}
              value={props.note}
              error={props.errors.note}
              multiline
              required
            />
            <SubmitButton label={m.findingResolveButton} />
          </form>
        ) : (
          <p>{m.reconOpen}</p>
        )}
      </section>
    </Layout>
  );
}

/** The camera-system session a finding is about: its events as the exported log gave them. */
export function VmsSessionPage({ finding, site }: { finding: FindingEvidence; site: string }) {
  const { m } = usePage();
  const f = finding;
  const footage = (from: string | null, to: string | null) =>
    from && to ? fill(m.reconPeriod, { from: formatTime(m, from), to: formatTime(m, to) }) : m.valueNone;
  return (
    <Layout title={m.sessionTitle}>
      <h1>{m.sessionTitle}</h1>
      <p>{m.sessionIntro}</p>
      <FactList
        rows={[
          [m.reconColKind, m.findingKinds[f.kind].label],
          [m.reconColSite, site],
          [m.findingVmsUser, f.vmsUser ?? m.valueNone],
        ]}
      />
      {f.events.length === 0 ? (
        <p>{m.sessionNone}</p>
      ) : (
        <DataTable
          caption={m.sessionTitle}
          columns={[
            m.sessionColTime,
            m.sessionColRaw,
            m.sessionColUser,
            m.sessionColCamera,
            m.sessionColAction,
            m.sessionColFootage,
            m.sessionColLine,
            m.sessionColMessage,
          ]}
          rows={f.events.map((e) => [
            formatTime(m, e.occurredAt),
            e.rawTime,
            e.vmsUser ?? m.valueNone,
            e.cameraName ?? m.valueNone,
            m.vmsActions[e.action],
            footage(e.footageFrom, e.footageTo),
            e.line,
            e.message ?? m.valueNone,
          ])}
        />
      )}
      <p>
        <a href={`/findings/${encodeURIComponent(f.id)}`}>{m.sessionBack}</a>
      </p>
    </Layout>
  );
}
