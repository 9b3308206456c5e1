import type { ApiKey } from '../../auth/index.js';
import { CsrfField, type FormErrors, Notice, TextField } from '../components/fields.js';
import { fill, formatTime } from '../messages/index.js';
import { usePage } from '../render.js';

export interface ApiKeyFormValues {
  label: string;
  expiresOn: string;
}

/**
 * An integration account's API keys on the admin's page of the account: each key's state,
 * revoking one, and making a new one, whose secret is shown on this one answer only.
 */
export function ApiKeysPanel(props: {
  action: string;
  keys: readonly ApiKey[];
  now: Date;
  values: ApiKeyFormValues;
  errors: FormErrors;
  /** The key just made: shown once, never stored in the clear. */
  issued?: string | undefined;
}) {
  const { m } = usePage();
  const nowIso = props.now.toISOString();
  const state = (k: ApiKey) =>
    k.revokedAt
      ? fill(m.adminApiKeyRevokedAt, { at: formatTime(m, k.revokedAt) })
      : k.expiresAt <= nowIso
        ? fill(m.adminApiKeyExpiredAt, { at: formatTime(m, k.expiresAt) })
        : fill(m.adminApiKeyValidUntil, { at: formatTime(m, k.expiresAt) });
  return (
    <section class="panel" aria-labelledby="api-keys">
      <h2 id="api-keys">{m.adminApiKeysTitle}</h2>
      <p>{m.adminApiKeysHelp}</p>
      {props.issued && (
        <Notice kind="success" title={m.adminApiKeyIssued}>
          <p>
            <code id="issued-key">{props.issued}</code>
          </p>
        </Notice>
      )}
      {props.keys.length === 0 ? (
        <p>{m.adminApiKeysNone}</p>
      ) : (
        <ul>
          {props.keys.map((k) => (
            <li key={k.id}>
              {k.label}: {state(k)}
              {!k.revokedAt && k.expiresAt > nowIso && (
                <form method="post" action={`${props.action}/${encodeURIComponent(k.id)}/revoke`}>
                  <CsrfField />
                  <button type="submit" class="hds-button hds-button--secondary">
                    <span class="hds-button__label">
                      {fill(m.adminApiKeyRevokeButton, { label: k.label })}
                    </span>
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={props.action} novalidate>
        <h3>{m.adminApiKeyNewTitle}</h3>
        <CsrfField />
        <TextField
          id="label"
          label={m.adminApiKeyLabel}
          value={props.values.label}
          error={props.errors.label}
          required
        />
        <TextField
          id="expiresOn"
          label={m.adminApiKeyExpiresOn}
          hint={m.dateHint}
          value={props.values.expiresOn}
          error={props.errors.expiresOn}
          required
        />
        <button type="submit" class="hds-button hds-button--secondary">
          <span class="hds-button__label">{m.adminApiKeyCreateButton}</span>
        </button>
      </form>
    </section>
  );
}
