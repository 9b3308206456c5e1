import { errors as joseErrors, jwtVerify } from 'jose';
import { type OidcClient, ProviderUnavailable, providerAlgorithms } from './client.js';

export type ProviderJwt =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; reason: 'provider_unavailable' | 'token_invalid' | 'token_expired' };

/**
 * A JWT the identity provider signed: its signature against the provider's JWKS (fetched from
 * the issuer only, R12), its issuer, its audience and its times on the service's clock.
 */
export async function verifyProviderJwt(
  client: OidcClient,
  token: string,
  expected: { audience: string; requiredClaims: string[]; maxTokenAge?: string },
  now: Date,
): Promise<ProviderJwt> {
  let discovered: Awaited<ReturnType<OidcClient['discovered']>>;
  try {
    discovered = await client.discovered();
  } catch (err) {
    if (err instanceof ProviderUnavailable) return { ok: false, reason: 'provider_unavailable' };
    throw err;
  }
  try {
    const { payload } = await jwtVerify(token, discovered.jwks, {
      issuer: discovered.configuration.serverMetadata().issuer,
      audience: expected.audience,
      algorithms: providerAlgorithms,
      requiredClaims: expected.requiredClaims,
      ...(expected.maxTokenAge ? { maxTokenAge: expected.maxTokenAge } : {}),
      currentDate: now,
    });
    return { ok: true, payload };
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) return { ok: false, reason: 'token_expired' };
    if (err instanceof joseErrors.JOSEError) return { ok: false, reason: 'token_invalid' };
    // The keys could not be fetched: the provider is away, not the caller wrong.
    return { ok: false, reason: 'provider_unavailable' };
  }
}
