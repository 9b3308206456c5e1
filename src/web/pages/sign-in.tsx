import { CsrfField, ErrorSummary, Notice, TextField } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { usePage } from '../render.js';

export interface SignInView {
  username?: string;
  /** Why the last attempt failed, shown at the top and beside the password. */
  error?: string;
  notice?: string;
}

export function SignInPage({ username, error, notice }: SignInView) {
  const { m } = usePage();
  return (
    <Layout title={m.signInTitle} page="/sign-in">
      <h1>{m.signInTitle}</h1>
      <p>{m.signInIntro}</p>
      {notice && <Notice kind="info" title={notice} />}
      <ErrorSummary errors={error ? { password: error } : {}} fields={[['password', m.password]]} />
      <form method="post" action="/sign-in" class="panel" novalidate>
        <CsrfField />
        <TextField id="username" label={m.username} value={username} autocomplete="username" required />
        <TextField
          id="password"
          label={m.password}
          type="password"
          autocomplete="current-password"
          error={error}
          required
        />
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{m.signInButton}</span>
        </button>
      </form>
    </Layout>
  );
}
