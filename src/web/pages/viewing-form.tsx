import { CsrfField, ErrorSummary, type FormErrors } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { ViewingFields, viewingSummaryFields } from '../components/viewing-fields.js';
import { usePage } from '../render.js';
import type { ViewingFormValues } from '../viewing-form.js';
import type { ViewingFormOptions } from '../viewing-options.js';

export function ViewingFormPage(props: {
  values: ViewingFormValues;
  errors: FormErrors;
  options: ViewingFormOptions;
  lateMinutes: number;
}) {
  const { m } = usePage();
  return (
    <Layout page="/viewings/new" title={m.logTitle}>
      <h1>{m.logTitle}</h1>
      <p>{m.logIntro}</p>
      <ErrorSummary errors={props.errors} fields={viewingSummaryFields(m)} />
      <form
        method="post"
        action="/viewings"
        class="panel"
        novalidate
        data-viewing-form
        data-late-minutes={props.lateMinutes}
      >
        <CsrfField />
        <ViewingFields values={props.values} errors={props.errors} options={props.options} amending={false} />
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{m.logButton}</span>
        </button>
      </form>
    </Layout>
  );
}
