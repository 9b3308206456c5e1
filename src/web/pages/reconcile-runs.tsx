import type { RunSummary } from '../../reconcile/index.js';
import type { Site } from '../../sites/index.js';
import { DataTable, Pager } from '../components/data-table.js';
import { ChoiceGroup, CsrfField, ErrorSummary, type FormErrors, TextField } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { SubmitButton } from '../components/oversight-parts.js';
import { fill, formatTime, type Messages } from '../messages/index.js';
import { usePage } from '../render.js';
import { toDayText } from '../typed-input.js';

export interface RunFormValues {
  from: string;
  to: string;
  siteIds: string[];
}

/** A run's window as the days a person chose (`to` is the end of its last day). */
export const runPeriod = (m: Messages, r: Pick<RunSummary, 'from' | 'to'>) =>
  fill(m.reconPeriod, {
    from: toDayText(r.from),
    to: toDayText(new Date(Date.parse(r.to) - 1).toISOString()),
  });

/** The settings a run used (R6 stores them with it), the two people ask about first. */
export const runSettingsText = (m: Messages, r: Pick<RunSummary, 'settings'>) =>
  fill(m.reconSettingsText, {
    gap: Number(r.settings.sessionGapMinutes ?? 0),
    match: Number(r.settings.matchToleranceMinutes ?? 0),
  });

export const findingTotal = (r: Pick<RunSummary, 'summary'>) =>
  Object.values(r.summary).reduce((a, b) => a + b, 0);

/** Run a reconciliation (R6) for a period and sites; the earlier runs with their settings. */
export function ReconciliationsPage(props: {
  sites: readonly Site[];
  values: RunFormValues;
  errors: FormErrors;
  runs: readonly RunSummary[];
  siteNames: ReadonlyMap<string, string>;
  first?: string | undefined;
  next?: string | undefined;
}) {
  const { m } = usePage();
  const { values, errors } = props;
  return (
    <Layout title={m.reconTitle} page="/reconciliations">
      <h1>{m.reconTitle}</h1>
      <p>{m.reconIntro}</p>
      <form method="post" action="/reconciliations" class="panel" novalidate>
        <h2>{m.reconRunTitle}</h2>
        <ErrorSummary
          errors={errors}
          fields={[
            ['from', m.reconFrom],
            ['to', m.reconTo],
            ['siteIds', m.reconSites],
          ]}
        />
        <CsrfField />
        <div class="form-row--pair">
          <TextField
            id="from"
            label={m.reconFrom}
            hint={m.dateHint}
            value={values.from}
            error={errors.from}
            required
          />
          <TextField
            id="to"
            label={m.reconTo}
            hint={m.dateHint}
            value={values.to}
            error={errors.to}
            required
          />
        </div>
        {props.sites.length > 1 && (
          <ChoiceGroup
            id="siteIds"
            label={m.reconSites}
            hint={m.reconSitesHint}
            kind="checkbox"
            choices={props.sites.map((s) => ({ value: s.id, label: s.name }))}
            selected={values.siteIds}
            error={errors.siteIds}
          />
        )}
        <SubmitButton label={m.reconRunButton} />
      </form>
      <section aria-labelledby="runs-title">
        <h2 id="runs-title">{m.reconRunsTitle}</h2>
        {props.runs.length === 0 ? (
          <p>{m.reconRunsEmpty}</p>
        ) : (
          <DataTable
            caption={m.reconRunsTitle}
            columns={[
              m.reconColStarted,
              m.reconColPeriod,
              m.reconColSites,
              m.reconColFindings,
              m.reconColSettings,
            ]}
            rows={props.runs.map((r) => [
              <a href={`/reconciliations/${encodeURIComponent(r.id)}`}>{formatTime(m, r.startedAt)}</a>,
              runPeriod(m, r),
              r.siteIds.map((id) => props.siteNames.get(id) ?? id).join(', '),
              findingTotal(r),
              runSettingsText(m, r),
            ])}
          />
        )}
        <Pager first={props.first} next={props.next} />
      </section>
    </Layout>
  );
}
