import type { ExternalIdentity } from '../../auth/oidc/index.js';
import { CsrfField, type FormErrors, TextField } from '../components/fields.js';
import { fill } from '../messages/index.js';
import { usePage } from '../render.js';

/**
 * An account's link to the city's identity provider, on the admin's page of the account:
 * the value of the provider's naming claim to link, or the link to remove.
 */
export function ExternalIdentityPanel(props: {
  action: string;
  identity: ExternalIdentity | null;
  /** The claim the provider names people by (OIDC_USERNAME_CLAIM). */
  claim: string;
  errors: FormErrors;
}) {
  const { m } = usePage();
  return (
    <section class="panel" aria-labelledby="external-identity">
      <h2 id="external-identity">{m.adminExternalTitle}</h2>
      <p>{m.adminExternalHelp}</p>
      <form method="post" action={props.action} novalidate>
        <CsrfField />
        <TextField
          id="subject"
          label={m.adminExternalSubject}
          hint={fill(m.adminExternalSubjectHint, { claim: props.claim })}
          value={props.identity?.subject ?? ''}
          error={props.errors.subject}
          autocomplete="off"
          required
        />
        <button type="submit" class="hds-button hds-button--secondary">
          <span class="hds-button__label">{m.adminExternalLinkButton}</span>
        </button>
      </form>
      {props.identity && (
        <form method="post" action={`${props.action}/delete`}>
          <CsrfField />
          <button type="submit" class="hds-button hds-button--secondary">
            <span class="hds-button__label">{m.adminExternalUnlinkButton}</span>
          </button>
        </form>
      )}
    </section>
  );
}
