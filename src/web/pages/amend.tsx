import { CsrfField, ErrorSummary, type FormErrors, TextField } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { ViewingFields, viewingSummaryFields } from '../components/viewing-fields.js';
import { fill } from '../messages/index.js';
import { usePage } from '../render.js';
import type { ViewingFormValues } from '../viewing-form.js';
import type { ViewingFormOptions } from '../viewing-options.js';

export function AmendPage(props: {
  id: string;
  seq: number;
  values: ViewingFormValues;
  errors: FormErrors;
  options: ViewingFormOptions;
}) {
  const { m } = usePage();
  const title = fill(m.amendTitle, { seq: props.seq });
  return (
    <Layout title={title} page={`/viewings/${encodeURIComponent(props.id)}/amend`}>
      <h1>{title}</h1>
      <p>{m.amendIntro}</p>
      <ErrorSummary errors={props.errors} fields={viewingSummaryFields(m)} />
      <form method="post" action={`/viewings/${encodeURIComponent(props.id)}/amend`} class="panel" novalidate>
        <CsrfField />
        <ViewingFields values={props.values} errors={props.errors} options={props.options} amending />
        <TextField
          id="reason"
          label={m.amendReason}
          value={props.values.reason}
          hint={m.amendReasonHint}
          error={props.errors.reason}
          multiline
          required
        />
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{m.amendButton}</span>
        </button>
      </form>
    </Layout>
  );
}
