import fs from 'node:fs';
import { createRemoteJWKSet, importPKCS8, type JWTVerifyGetKey } from 'jose';
import * as oidc from 'openid-client';
import type { OidcConfig } from '../../config.js';

/** Signature algorithms a provider's token may use: asymmetric only, so no shared secret can forge one. */
export const providerAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/** The identity provider cannot be reached, or its discovery document is not usable. */
export class ProviderUnavailable extends Error {}

/** A discovery that worked is used this long before it is fetched again (keys rotate, endpoints move). */
const discoveryTtlMs = 60 * 60_000;
/** After a failed discovery, pages say so at once for this long instead of waiting again. */
const failureTtlMs = 30_000;
/** Seconds a call to the provider may take; a sign-in page must not hang on it. */
const timeoutSeconds = 5;

interface Discovered {
  configuration: oidc.Configuration;
  /** The provider's keys for Bearer tokens; jose caches them and refetches on an unknown kid. */
  jwks: JWTVerifyGetKey;
}

/**
 * The service's client at the city's identity provider: its discovery document and keys,
 * fetched from the issuer only (R12, the one outside service) and cached; a failure is
 * remembered briefly so that the sign-in page can say the provider is unavailable without
 * waiting on it each time.
 */
export interface OidcClient {
  readonly settings: OidcConfig;
  /** The provider's configuration, from the cache or discovered now; throws ProviderUnavailable. */
  discovered(): Promise<Discovered>;
  /** Whether the provider answered its discovery lately (discovering now when nothing is known). */
  available(): Promise<boolean>;
}

async function clientAuth(settings: OidcConfig): Promise<oidc.ClientAuth> {
  if (settings.privateKeyFile) {
    const pem = fs.readFileSync(settings.privateKeyFile, 'utf8');
    return oidc.PrivateKeyJwt(await importPKCS8(pem, 'RS256'));
  }
  return oidc.ClientSecretPost(settings.clientSecret ?? undefined);
}

export function oidcClient(settings: OidcConfig, now: () => Date): OidcClient {
  let cached: { value: Discovered; until: number } | undefined;
  let failedUntil = 0;
  let pending: Promise<Discovered> | undefined;

  async function discover(): Promise<Discovered> {
    const configuration = await oidc.discovery(
      settings.issuer,
      settings.clientId,
      { redirect_uris: [settings.redirectUrl.href], response_types: ['code'] },
      await clientAuth(settings),
      {
        timeout: timeoutSeconds,
        ...(settings.allowHttpIssuer ? { execute: [oidc.allowInsecureRequests] } : {}),
      },
    );
    configuration.timeout = timeoutSeconds;
    const jwksUri = configuration.serverMetadata().jwks_uri;
    if (!jwksUri) throw new Error('the discovery document names no jwks_uri');
    return {
      configuration,
      jwks: createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: timeoutSeconds * 1000 }),
    };
  }

  async function discovered(): Promise<Discovered> {
    const at = now().getTime();
    if (cached && at < cached.until) return cached.value;
    if (at < failedUntil) throw new ProviderUnavailable('the identity provider did not answer lately');
    pending ??= discover()
      .then((value) => {
        cached = { value, until: now().getTime() + discoveryTtlMs };
        return value;
      })
      .catch((err: unknown) => {
        failedUntil = now().getTime() + failureTtlMs;
        // A provider that was up keeps serving from the last discovery until it answers again.
        if (cached) return cached.value;
        throw new ProviderUnavailable('the identity provider cannot be reached', { cause: err });
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  return {
    settings,
    discovered,
    available: () =>
      discovered().then(
        () => true,
        () => false,
      ),
  };
}
