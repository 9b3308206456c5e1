import { CsrfField, ErrorSummary, Notice, TextField } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { usePage } from '../render.js';

export interface SignInView {
  username?: string;
  /** Why the last attempt failed, shown at the top and beside the password. */
  error?: string;
  notice?: string;
  /** The city's identity provider: off (not configured), ready, or not answering now. */
  oidc?: 'off' | 'ready' | 'unavailable';
  /** Why a sign-in through the identity provider was refused. */
  oidcError?: string;
}

/** Sign-in through the city's identity provider: the link that starts it, or why it cannot now. */
function CitySignIn({ oidc, oidcError }: Pick<SignInView, 'oidc' | 'oidcError'>) {
  const { m } = usePage();
  if (oidc === undefined || oidc === 'off') return null;
  return (
    <section class="panel" aria-labelledby="city-sign-in">
      <h2 id="city-sign-in">{m.signInOidcButton}</h2>
      {oidcError && <Notice kind="error" title={oidcError} />}
      {oidc === 'ready' ? (
        <>
          <p>{m.signInOidcIntro}</p>
          {/* A link, not a form: the browser goes on to the provider, which a form's redirect under CSP form-action 'self' may not. */}
          <a href="/sign-in/oidc" class="hds-button hds-button--primary" id="oidc-sign-in">
            <span class="hds-button__label">{m.signInOidcButton}</span>
          </a>
        </>
      ) : (
        <Notice kind="alert" title={m.signInOidcUnavailable} />
      )}
    </section>
  );
}

export function SignInPage({ username, error, notice, oidc, oidcError }: SignInView) {
  const { m } = usePage();
  return (
    <Layout title={m.signInTitle} page="/sign-in">
      <h1>{m.signInTitle}</h1>
      <p>{m.signInIntro}</p>
      {notice && <Notice kind="info" title={notice} />}
      <ErrorSummary errors={error ? { password: error } : {}} fields={[['password', m.password]]} />
      <CitySignIn oidc={oidc} oidcError={oidcError} />
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
