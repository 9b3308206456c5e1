import type { NotificationSettings } from '../../notifications/index.js';
import { CsrfField, ErrorSummary, type FormErrors, Notice, TextField } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { usePage } from '../render.js';
import { NotificationChoices } from './account-notifications.js';

/** The account: password change (forced after a printed first password), the language and notifications. */
export function AccountPage({
  errors,
  notice,
  notifications,
}: {
  errors: FormErrors;
  notice?: string | undefined;
  notifications?: NotificationSettings | undefined;
}) {
  const { m, principal } = usePage();
  const forced = principal?.mustChangePassword ?? false;
  return (
    <Layout page="/account" title={forced ? m.passwordTitle : m.accountTitle}>
      <h1>{forced ? m.passwordTitle : m.accountTitle}</h1>
      {forced && <Notice kind="alert" title={m.passwordForced} />}
      {notice && <Notice kind="success" title={notice} />}
      {!forced && <p>{m.accountLanguageHelp}</p>}
      <ErrorSummary
        errors={errors}
        fields={[
          ['currentPassword', m.currentPassword],
          ['newPassword', m.newPassword],
          ['repeatPassword', m.repeatPassword],
        ]}
      />
      <form method="post" action="/account/password" class="panel" novalidate>
        <CsrfField />
        {!forced && <h2>{m.passwordTitle}</h2>}
        <TextField
          id="currentPassword"
          label={m.currentPassword}
          type="password"
          autocomplete="current-password"
          error={errors.currentPassword}
          required
        />
        <TextField
          id="newPassword"
          label={m.newPassword}
          type="password"
          autocomplete="new-password"
          hint={m.newPasswordHint}
          error={errors.newPassword}
          required
        />
        <TextField
          id="repeatPassword"
          label={m.repeatPassword}
          type="password"
          autocomplete="new-password"
          error={errors.repeatPassword}
          required
        />
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{m.passwordButton}</span>
        </button>
      </form>
      {!forced && notifications && <NotificationChoices settings={notifications} />}
    </Layout>
  );
}
