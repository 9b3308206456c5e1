import { CsrfField, ErrorSummary, type FormErrors, TextField } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { SubmitButton } from '../components/oversight-parts.js';
import { fill } from '../messages/index.js';
import { usePage } from '../render.js';
import type { RevokeFormValues } from '../rights-form.js';

/** Revoking a right: with its reason, never deleting it, so the history stays (R3). */
export function RevokeRightPage(props: {
  id: string;
  person: string;
  site: string;
  values: RevokeFormValues;
  errors: FormErrors;
}) {
  const { m } = usePage();
  const { values, errors } = props;
  const action = `/rights/${encodeURIComponent(props.id)}/revoke`;
  return (
    <Layout title={m.rightsRevokeTitle} page={action}>
      <h1>{m.rightsRevokeTitle}</h1>
      <p>{fill(m.rightsRevokeIntro, { name: props.person, site: props.site })}</p>
      <ErrorSummary
        errors={errors}
        fields={[
          ['reason', m.rightsRevokeReason],
          ['effectiveAt', m.rightsRevokeEffectiveAt],
        ]}
      />
      <form method="post" action={action} class="panel" novalidate>
        <CsrfField />
        <TextField
          id="reason"
          label={m.rightsRevokeReason}
          value={values.reason}
          error={errors.reason}
          multiline
          required
        />
        <TextField
          id="effectiveAt"
          label={m.rightsRevokeEffectiveAt}
          hint={m.rightsRevokeEffectiveAtHint}
          value={values.effectiveAt}
          error={errors.effectiveAt}
        />
        <SubmitButton label={m.rightsRevokeButton} />
      </form>
    </Layout>
  );
}
