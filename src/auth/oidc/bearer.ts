import type { Executor } from '../../db/index.js';
import { DomainError } from '../../errors.js';
import { loadPrincipal } from '../accounts.js';
import type { Principal } from '../roles.js';
import type { OidcClient } from './client.js';
import { disableAccount, requiredGroupMissing } from './groups.js';
import { linkedAccount } from './identities.js';
import { verifyProviderJwt } from './provider-jwt.js';

export type ProviderTokenCheck =
  | { ok: true; principal: Principal; subject: string }
  | {
      ok: false;
      reason:
        | 'provider_unavailable'
        | 'token_invalid'
        | 'token_expired'
        | 'claim_missing'
        | 'unknown_account'
        | 'group_missing';
      subject?: string;
      userId?: string;
    };

/**
 * A Bearer token issued by the identity provider (an access token or an ID token, a JWT):
 * its signature against the provider's JWKS, its issuer, its audience (OIDC_API_AUDIENCE)
 * and its times; then the account linked to its naming claim, loaded as every request loads
 * its caller (a disabled account is refused). The account's own roles and sites apply.
 */
export async function checkProviderToken(
  db: Executor,
  client: OidcClient,
  token: string,
  now: Date,
): Promise<ProviderTokenCheck> {
  const verified = await verifyProviderJwt(
    client,
    token,
    { audience: client.settings.apiAudience, requiredClaims: ['exp'] },
    now,
  );
  if (!verified.ok) return verified;
  const { payload } = verified;
  const subject = payload[client.settings.usernameClaim];
  if (typeof subject !== 'string' || subject === '') return { ok: false, reason: 'claim_missing' };
  const account = await linkedAccount(db, subject);
  if (!account) return { ok: false, reason: 'unknown_account', subject };
  if (!account.disabled && requiredGroupMissing(client.settings, payload)) {
    await disableAccount(db, account.id, now);
    return { ok: false, reason: 'group_missing', subject, userId: account.id };
  }
  try {
    const principal = await loadPrincipal(db, account.id, account.tokenGeneration);
    // Signed in at the provider: no local password is used, so none must change first.
    return { ok: true, subject, principal: { ...principal, mustChangePassword: false } };
  } catch (err) {
    if (err instanceof DomainError)
      return { ok: false, reason: 'unknown_account', subject, userId: account.id };
    throw err;
  }
}
