import type { ViewingRight } from '../../protocol/index.js';
import {
  CsrfField,
  ErrorSummary,
  type FormErrors,
  Notice,
  SelectField,
  TextField,
} from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { SubmitButton } from '../components/oversight-parts.js';
import { formatTime } from '../messages/index.js';
import { usePage } from '../render.js';
import type { GrantFormValues } from '../rights-form.js';
import type { RightsOptions } from '../rights-options.js';

/**
 * Viewing rights (R3): grant one, look up who could view a site at a moment, read the
 * history of a site or a person, and confirm the self-grants of others.
 */
export function RightsPage(props: {
  options: RightsOptions;
  values: GrantFormValues;
  errors: FormErrors;
  pending: readonly ViewingRight[];
  names: ReadonlyMap<string, string>;
  notice?: string | undefined;
  /** The "who could view" lookup as typed, when its time was refused. */
  lookup?: { siteId: string; at: string; error: string } | undefined;
}) {
  const { m } = usePage();
  const { options, values, errors } = props;
  const siteOptions = options.sites.map((s) => ({ value: s.id, label: s.name }));
  const people = options.people.map((p) => ({ value: p.id, label: p.name }));
  const siteName = new Map(options.sites.map((s) => [s.id, s.name]));
  return (
    <Layout title={m.rightsTitle} page="/rights">
      <h1>{m.rightsTitle}</h1>
      {props.notice && <Notice kind="success" title={props.notice} />}
      <p>{m.rightsIntro}</p>
      {options.sites.length === 0 && <p>{m.rightsNoSites}</p>}
      {options.grantSites.length > 0 && (
        <form method="post" action="/rights" class="panel" novalidate>
          <h2>{m.rightsGrantTitle}</h2>
          <ErrorSummary
            errors={errors}
            fields={[
              ['userId', m.rightsPerson],
              ['siteId', m.rightsSite],
              ['commitmentRef', m.rightsCommitmentRef],
              ['commitmentSignedOn', m.rightsCommitmentSignedOn],
              ['validFrom', m.rightsValidFrom],
              ['reason', m.rightsReason],
            ]}
          />
          <CsrfField />
          <SelectField
            id="userId"
            label={m.rightsPerson}
            options={people}
            empty=""
            value={values.userId}
            error={errors.userId}
            required
          />
          <SelectField
            id="siteId"
            label={m.rightsSite}
            options={options.grantSites.map((s) => ({ value: s.id, label: s.name }))}
            value={values.siteId}
            error={errors.siteId}
            required
          />
          <TextField
            id="commitmentRef"
            label={m.rightsCommitmentRef}
            hint={m.rightsCommitmentRefHint}
            value={values.commitmentRef}
            error={errors.commitmentRef}
            required
          />
          <TextField
            id="commitmentSignedOn"
            label={m.rightsCommitmentSignedOn}
            hint={m.dateHint}
            value={values.commitmentSignedOn}
            error={errors.commitmentSignedOn}
            required
          />
          <TextField
            id="validFrom"
            label={m.rightsValidFrom}
            hint={m.rightsValidFromHint}
            value={values.validFrom}
            error={errors.validFrom}
          />
          <TextField
            id="reason"
            label={m.rightsReason}
            hint={m.rightsReasonHint}
            value={values.reason}
            error={errors.reason}
            multiline
          />
          <SubmitButton label={m.rightsGrantButton} />
        </form>
      )}
      {props.pending.length > 0 && (
        <section class="panel" aria-labelledby="pending-title">
          <h2 id="pending-title">{m.rightsPendingTitle}</h2>
          <p>{m.rightsPendingHelp}</p>
          <ul>
            {props.pending.map((r) => (
              <li>
                <form method="post" action={`/rights/${encodeURIComponent(r.id)}/confirm`}>
                  <CsrfField />
                  {`${props.names.get(r.userId) ?? r.userId}, ${siteName.get(r.siteId) ?? r.siteId}, ${formatTime(m, r.validFrom)} `}
                  <SubmitButton label={m.rightsConfirmButton} secondary />
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
      {options.sites.length > 0 && (
        <>
          <form method="get" action="/rights/at" class="panel" novalidate>
            <h2>{m.rightsAtTitle}</h2>
            <p>{m.rightsAtHelp}</p>
            <ErrorSummary
              errors={props.lookup ? { at: props.lookup.error } : {}}
              fields={[['at', m.rightsAt]]}
            />
            <SelectField
              id="at-site"
              label={m.rightsSite}
              options={siteOptions}
              value={props.lookup?.siteId}
              required
            />
            <TextField
              id="at"
              label={m.rightsAt}
              hint={m.timeFormat}
              value={props.lookup?.at}
              error={props.lookup?.error}
              required
            />
            <SubmitButton label={m.rightsAtButton} secondary />
          </form>
          <section class="panel" aria-labelledby="history-title">
            <h2 id="history-title">{m.rightsHistoryTitle}</h2>
            <form method="get" action="/rights/history" novalidate>
              <SelectField id="history-site" label={m.rightsSite} options={siteOptions} />
              <SubmitButton label={m.rightsHistoryButton} secondary />
            </form>
            {people.length > 0 && (
              <form method="get" action="/rights/history" novalidate>
                <SelectField id="history-person" label={m.rightsPerson} options={people} />
                <SubmitButton label={m.rightsHistoryButton} secondary />
              </form>
            )}
          </section>
        </>
      )}
    </Layout>
  );
}
