import { type ApiKey, roleValues, type User } from '../../auth/index.js';
import type { ExternalIdentity } from '../../auth/oidc/index.js';
import type { Site } from '../../sites/index.js';
import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FormErrors,
  Notice,
  type SummaryFields,
  TextField,
} from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { fill, formatTime, type Messages } from '../messages/index.js';
import { usePage } from '../render.js';
import { type ApiKeyFormValues, ApiKeysPanel } from './admin-api-keys.js';
import { ExternalIdentityPanel } from './admin-identity.js';
import { userStatus } from './admin-users.js';

/** The account form as typed; camera-system user names one a line, as entered. */
export interface UserFormValues {
  username: string;
  displayName: string;
  roles: string[];
  siteIds: string[];
  vmsUsernames: string;
  email: string;
  password: string;
}

export const formOfUser = (u: User): UserFormValues => ({
  username: u.username,
  displayName: u.displayName,
  roles: [...u.roles],
  siteIds: [...u.siteIds],
  vmsUsernames: u.vmsUsernames.join('\n'),
  email: u.email ?? '',
  password: '',
});

const summaryFields = (m: Messages, withAccount: boolean): SummaryFields => [
  ...(withAccount ? ([['username', m.adminUsername]] as const) : []),
  ['displayName', m.adminDisplayName],
  ['roles', m.adminRoles],
  ['siteIds', m.adminSites],
  ['vmsUsernames', m.adminVmsUsernames],
  ['email', m.adminEmail],
  ...(withAccount ? ([['password', m.adminTempPassword]] as const) : []),
];

/** Name, roles, sites and camera-system user names: what creating and editing share. */
function UserFields({
  values,
  errors,
  sites,
}: {
  values: UserFormValues;
  errors: FormErrors;
  sites: readonly Site[];
}) {
  const { m } = usePage();
  return (
    <>
      <TextField
        id="displayName"
        label={m.adminDisplayName}
        hint={m.adminDisplayNameHint}
        value={values.displayName}
        error={errors.displayName}
        required
      />
      <ChoiceGroup
        id="roles"
        kind="checkbox"
        label={m.adminRoles}
        choices={roleValues.map((r) => ({ value: r, label: m.adminRoleValues[r] }))}
        selected={values.roles}
        error={errors.roles}
        required
      />
      <ChoiceGroup
        id="siteIds"
        kind="checkbox"
        label={m.adminSites}
        hint={m.adminSitesHint}
        choices={sites.map((s) => ({ value: s.id, label: s.name }))}
        selected={values.siteIds}
        error={errors.siteIds}
      />
      <TextField
        id="vmsUsernames"
        label={m.adminVmsUsernames}
        hint={m.adminVmsUsernamesHint}
        value={values.vmsUsernames}
        error={errors.vmsUsernames}
        multiline
      />
      <TextField
        id="email"
        label={m.adminEmail}
        hint={m.adminEmailHint}
        type="email"
        autocomplete="off"
        value={values.email}
        error={errors.email}
      />
    </>
  );
}

/** A new account with a temporary password, changed at the first sign-in. */
export function AdminNewUserPage(props: {
  values: UserFormValues;
  errors: FormErrors;
  sites: readonly Site[];
}) {
  const { m } = usePage();
  const { values, errors } = props;
  return (
    <Layout title={m.adminNewUserTitle} page="/admin/users/new">
      <h1>{m.adminNewUserTitle}</h1>
      <ErrorSummary errors={errors} fields={summaryFields(m, true)} />
      <form method="post" action="/admin/users" class="panel" novalidate>
        <CsrfField />
        <TextField
          id="username"
          label={m.adminUsername}
          hint={m.adminUsernameHint}
          value={values.username}
          error={errors.username}
          autocomplete="off"
          required
        />
        <UserFields values={values} errors={errors} sites={props.sites} />
        <TextField
          id="password"
          label={m.adminTempPassword}
          hint={m.adminTempPasswordHint}
          value={values.password}
          error={errors.password}
          autocomplete="off"
          required
        />
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{m.adminCreateButton}</span>
        </button>
      </form>
      <p>
        <a href="/admin/users">{m.adminBackToUsers}</a>
      </p>
    </Layout>
  );
}

/** One button in a form of its own: a change that needs nothing typed. */
function ActionForm({ action, label, value }: { action: string; label: string; value?: string }) {
  return (
    <form method="post" action={action}>
      <CsrfField />
      {value !== undefined && <input type="hidden" name="value" value={value} />}
      <button type="submit" class="hds-button hds-button--secondary">
        <span class="hds-button__label">{label}</span>
      </button>
    </form>
  );
}

/** An account: its details to edit, disabling, a new temporary password, unlocking. */
export function AdminUserPage(props: {
  user: User;
  values: UserFormValues;
  errors: FormErrors;
  sites: readonly Site[];
  now: Date;
  notice?: string | undefined;
  /** With sign-in through the identity provider: the claim it names people by, and this account's link. */
  external?: { claim: string; identity: ExternalIdentity | null } | undefined;
  /** An integration account: its API keys, the new-key form, and a key just made. */
  apiKeys?: { keys: readonly ApiKey[]; values: ApiKeyFormValues; issued?: string | undefined } | undefined;
}) {
  const { m } = usePage();
  const { user, values, errors } = props;
  const base = `/admin/users/${encodeURIComponent(user.id)}`;
  const locked = user.lockedUntil !== null && user.lockedUntil > props.now.toISOString();
  const title = fill(m.adminUserTitle, { username: user.username });
  return (
    <Layout title={title} page={base}>
      <h1>{title}</h1>
      <p>{userStatus(m, user, props.now)}</p>
      {props.notice && <Notice kind="success" title={props.notice} />}
      <ErrorSummary
        errors={errors}
        fields={[
          ...summaryFields(m, false),
          ['subject', m.adminExternalSubject],
          ['label', m.adminApiKeyLabel],
          ['expiresOn', m.adminApiKeyExpiresOn],
          ['password', m.adminTempPassword],
        ]}
      />
      <form method="post" action={base} class="panel" novalidate>
        <h2>{m.adminEditTitle}</h2>
        <CsrfField />
        <UserFields values={values} errors={errors} sites={props.sites} />
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{m.adminSaveButton}</span>
        </button>
      </form>
      {props.external && (
        <ExternalIdentityPanel
          action={`${base}/external-identity`}
          identity={props.external.identity}
          claim={props.external.claim}
          errors={errors}
        />
      )}
      {props.apiKeys && (
        <ApiKeysPanel
          action={`${base}/api-keys`}
          keys={props.apiKeys.keys}
          now={props.now}
          values={props.apiKeys.values}
          errors={errors}
          issued={props.apiKeys.issued}
        />
      )}
      {locked && (
        <section class="panel">
          <h2>{m.adminUnlockTitle}</h2>
          <p>{fill(m.adminUnlockHelp, { until: formatTime(m, user.lockedUntil!) })}</p>
          <ActionForm action={`${base}/unlock`} label={m.adminUnlockButton} />
        </section>
      )}
      <form method="post" action={`${base}/password`} class="panel" novalidate>
        <h2>{m.adminResetTitle}</h2>
        <CsrfField />
        <p>{m.adminResetHelp}</p>
        <TextField
          id="password"
          label={m.adminTempPassword}
          hint={m.adminTempPasswordHint}
          value=""
          error={errors.password}
          autocomplete="off"
          required
        />
        <button type="submit" class="hds-button hds-button--secondary">
          <span class="hds-button__label">{m.adminResetButton}</span>
        </button>
      </form>
      <section class="panel" id="disabled">
        <h2>{m.adminDisableTitle}</h2>
        <p>{m.adminDisableHelp}</p>
        {user.disabled ? (
          <ActionForm action={`${base}/disabled`} label={m.adminEnableButton} value="false" />
        ) : (
          <ActionForm action={`${base}/disabled`} label={m.adminDisableButton} value="true" />
        )}
      </section>
      <p>
        <a href="/admin/users">{m.adminBackToUsers}</a>
      </p>
    </Layout>
  );
}
