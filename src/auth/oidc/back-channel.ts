import { decodeJwt } from 'jose';
import type { Executor } from '../../db/index.js';
import type { OidcClient } from './client.js';
import { verifyProviderJwt } from './provider-jwt.js';

const logoutEvent = 'http://schemas.openid.net/event/backchannel-logout';

export type BackChannelResult =
  | { ok: true; ended: number; sub: string | null; sid: string | null }
  | { ok: false; reason: 'token_invalid' | 'provider_unavailable' };

/**
 * OpenID Connect Back-Channel Logout: the provider posts a signed logout token when a person
 * signs out there (or is signed out by an admin); every session of this service begun with that
 * provider session (`sid`) or person (`sub`) ends. The token is checked as an ID token is
 * (signature from the provider's JWKS, `iss`, `aud`, age), must carry the logout event and no
 * `nonce`.
 */
export async function backChannelLogout(
  db: Executor,
  client: OidcClient,
  logoutToken: string,
  now: Date,
): Promise<BackChannelResult> {
  const verified = await verifyProviderJwt(
    client,
    logoutToken,
    { audience: client.settings.clientId, requiredClaims: ['iat'], maxTokenAge: '5 minutes' },
    now,
  );
  if (!verified.ok)
    return {
      ok: false,
      reason: verified.reason === 'provider_unavailable' ? verified.reason : 'token_invalid',
    };
  const claims = verified.payload;
  const events = claims.events as Record<string, unknown> | undefined;
  const sub = typeof claims.sub === 'string' ? claims.sub : null;
  const sid = typeof claims.sid === 'string' ? claims.sid : null;
  if (
    !events ||
    typeof events !== 'object' ||
    !(logoutEvent in events) ||
    'nonce' in claims ||
    (!sub && !sid)
  )
    return { ok: false, reason: 'token_invalid' };

  // Sessions begun at the provider are few (the libraries' staff): their ID tokens are read here.
  const sessions = await db
    .selectFrom('web_sessions')
    .select(['id_hash', 'id_token'])
    .where('id_token', 'is not', null)
    .execute();
  const ended = sessions
    .filter((s) => {
      const idToken = decodeJwt(s.id_token!);
      return (sid === null || idToken.sid === sid) && (sub === null || idToken.sub === sub);
    })
    .map((s) => s.id_hash);
  if (ended.length > 0) await db.deleteFrom('web_sessions').where('id_hash', 'in', ended).execute();
  return { ok: true, ended: ended.length, sub, sid };
}
