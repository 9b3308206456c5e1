import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Executor } from '../../db/index.js';
import { type OidcClient, ProviderUnavailable } from './client.js';
import { disableAccount, requiredGroupMissing } from './groups.js';
import { linkedAccount } from './identities.js';

/** A sign-in at the provider must come back within this time. */
const pendingMinutes = 10;

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * Starts the authorization code flow: a fresh state, nonce and PKCE verifier, kept (the state
 * hashed) until the browser comes back, and bound to that browser by `browserTag` (its
 * pre-session form token), so a sign-in begun in one browser cannot be finished in another.
 */
export async function beginSignIn(
  db: Executor,
  client: OidcClient,
  browserTag: string,
  now: Date,
): Promise<URL> {
  const { configuration } = await client.discovered();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const verifier = oidc.randomPKCECodeVerifier();
  await db.deleteFrom('oidc_logins').where('expires_at', '<=', now.toISOString()).execute();
  await db
    .insertInto('oidc_logins')
    .values({
      state_hash: sha256(`${browserTag}:${state}`),
      nonce,
      code_verifier: verifier,
      expires_at: new Date(now.getTime() + pendingMinutes * 60_000).toISOString(),
    })
    .execute();
  return oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: client.settings.redirectUrl.href,
    scope: client.settings.scopes,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
}

export type SignInRefusal =
  /** No sign-in of this browser is waiting for this state: forged, expired, reused or another browser's. */
  | 'unknown_state'
  /** The provider refused the code (used already, expired) or answered with an error. */
  | 'provider_refused'
  /** The ID token failed a check: issuer, audience, expiry, nonce, signature. */
  | 'token_invalid'
  | 'claim_missing'
  | 'unknown_account'
  | 'disabled'
  /** Not in the group OIDC_REQUIRED_GROUP names: the account was disabled now. */
  | 'group_missing'
  | 'provider_unavailable';

export type SignInResult =
  | { ok: true; userId: string; username: string; tokenGeneration: number; subject: string; idToken: string }
  | { ok: false; reason: SignInRefusal; subject?: string; userId?: string; detail?: string };

/**
 * Finishes the flow at the redirect: the state must be one this browser began (and is used up
 * here, so a replay finds nothing), then openid-client exchanges the code with the PKCE
 * verifier and checks the ID token's signature, `iss`, `aud`, `exp` and `nonce`. Only an
 * enabled account linked to the claim's value enters; nothing from the provider grants a role.
 */
export async function finishSignIn(
  db: Executor,
  client: OidcClient,
  query: URLSearchParams,
  browserTag: string,
  now: Date,
): Promise<SignInResult> {
  const state = query.get('state') ?? '';
  const stateHash = sha256(`${browserTag}:${state}`);
  const pending = await db
    .selectFrom('oidc_logins')
    .selectAll()
    .where('state_hash', '=', stateHash)
    .executeTakeFirst();
  const taken = await db.deleteFrom('oidc_logins').where('state_hash', '=', stateHash).executeTakeFirst();
  if (!pending || Number(taken.numDeletedRows) !== 1 || pending.expires_at <= now.toISOString())
    return { ok: false, reason: 'unknown_state' };

  let configuration: oidc.Configuration;
  try {
    configuration = (await client.discovered()).configuration;
  } catch (err) {
    if (err instanceof ProviderUnavailable) return { ok: false, reason: 'provider_unavailable' };
    throw err;
  }
  const currentUrl = new URL(client.settings.redirectUrl);
  currentUrl.search = query.toString();
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: pending.code_verifier,
      expectedState: state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    return refusalOf(err);
  }
  const claims = tokens.claims();
  const idToken = tokens.id_token;
  if (!claims || !idToken) return { ok: false, reason: 'token_invalid' };
  const subject = claims[client.settings.usernameClaim];
  if (typeof subject !== 'string' || subject === '') return { ok: false, reason: 'claim_missing' };
  const account = await linkedAccount(db, subject);
  if (!account) return { ok: false, reason: 'unknown_account', subject };
  if (account.disabled) return { ok: false, reason: 'disabled', subject, userId: account.id };
  if (requiredGroupMissing(client.settings, claims)) {
    await disableAccount(db, account.id, now);
    return { ok: false, reason: 'group_missing', subject, userId: account.id };
  }
  return {
    ok: true,
    userId: account.id,
    username: account.username,
    tokenGeneration: account.tokenGeneration,
    subject,
    idToken,
  };
}

function refusalOf(err: unknown): SignInResult {
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError)
    return { ok: false, reason: 'provider_refused', detail: err.error };
  if (err instanceof TypeError || (err instanceof Error && err.name === 'AbortError'))
    return { ok: false, reason: 'provider_unavailable' };
  return {
    ok: false,
    reason: 'token_invalid',
    detail: err instanceof Error ? err.message.slice(0, 200) : '',
  };
}

/**
 * RP-initiated logout: where the browser goes to end its session at the provider too, coming
 * back to the sign-in page. Null when the provider offers no end-session endpoint.
 */
export async function signOutUrl(client: OidcClient, idToken: string): Promise<URL | null> {
  let configuration: oidc.Configuration;
  try {
    configuration = (await client.discovered()).configuration;
  } catch (err) {
    if (err instanceof ProviderUnavailable) return null;
    throw err;
  }
  if (!configuration.serverMetadata().end_session_endpoint) return null;
  return oidc.buildEndSessionUrl(configuration, {
    id_token_hint: idToken,
    post_logout_redirect_uri: new URL('/sign-in?signed-out', client.settings.redirectUrl).href,
  });
}
