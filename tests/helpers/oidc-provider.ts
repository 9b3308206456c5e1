import http from 'node:http';
import type net from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** A real OpenID provider for the tests: `oidc-provider` on 127.0.0.1, one client, any login. */
export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The settings that point the service at this provider. */
  env(redirectUrl: string): Record<string, string>;
  /** Why each logout token the provider posted was not taken (empty when all were). */
  backChannelErrors: string[];
  /** A token signed with the provider's own key (for Bearer tests): iss and kid are its own. */
  sign(
    claims: JWTPayload,
    options?: { audience?: string; expiresIn?: string | number; issuer?: string },
  ): Promise<string>;
  close(): Promise<void>;
}

/** The one page of the provider's sign-in: a login name, as a person would type it. */
const loginPage = (
  uid: string,
) => `<!doctype html><html lang="en"><head><title>City sign-in</title></head><body>
<main><h1>City sign-in</h1><form method="post" action="/interaction/${uid}">
<label for="login">Username</label> <input id="login" name="login" autocomplete="off">
<button type="submit">Sign in</button></form></main></body></html>`;

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return new URLSearchParams(body);
}

/**
 * Starts the provider for the service whose sign-in comes back to `redirectUrl`. Every login
 * name is an account there; its claims are `preferred_username` (the name) and `email`.
 * Consent is taken as given, as a city's provider does for its own applications.
 */
export async function startTestProvider(
  redirectUrls: readonly string[],
  options: {
    /** The client authenticates with private_key_jwt under this public key instead of its secret. */
    clientKey?: JWK;
    /** Claims every account has besides its names, e.g. `groups`. */
    extraClaims?: (login: string) => Record<string, unknown>;
    /** Where the provider posts its logout tokens (back-channel logout); none without it. */
    backChannelLogoutUrl?: string;
  } = {},
): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const clientId = 'cctv-ledger';
  const clientSecret = 'a-client-secret-for-the-tests-only-0123456789';

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        redirect_uris: [...redirectUrls],
        post_logout_redirect_uris: redirectUrls.map((u) => new URL('/sign-in?signed-out', u).href),
        ...(options.backChannelLogoutUrl
          ? {
              backchannel_logout_uri: options.backChannelLogoutUrl,
              backchannel_logout_session_required: true,
            }
          : {}),
        ...(options.clientKey
          ? {
              token_endpoint_auth_method: 'private_key_jwt',
              token_endpoint_auth_signing_alg: 'RS256',
              jwks: { keys: [options.clientKey] },
            }
          : { client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_post' }),
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    // The service under test listens on 127.0.0.1, which the provider's SSRF guard refuses to
    // call (its back-channel logout); a test provider may call it.
    fetch: (input, init) => globalThis.fetch(input, { ...init, dispatcher: undefined } as RequestInit),
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    claims: { openid: ['sub'], profile: ['preferred_username', 'groups'], email: ['email'] },
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({
        sub: id,
        preferred_username: id,
        email: `${id}@lahti.example`,
        ...options.extraClaims?.(id),
      }),
    }),
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      backchannelLogout: { enabled: options.backChannelLogoutUrl !== undefined },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();
  const backChannelErrors: string[] = [];
  provider.on('backchannel.error', (_ctx: unknown, err: Error) => backChannelErrors.push(err.message));

  server.on('request', (req, res) => {
    const interaction = /^\/interaction\/([\w-]+)$/.exec(req.url ?? '');
    if (!interaction) return callback(req, res);
    void (async () => {
      try {
        if (req.method === 'GET') {
          const details = await provider.interactionDetails(req, res);
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid));
          return;
        }
        const form = await readForm(req);
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: form.get('login') ?? '' } },
          { mergeWithLastSubmission: false },
        );
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(err));
      }
    })();
  });

  return {
    issuer,
    backChannelErrors,
    clientId,
    clientSecret,
    env: (redirectUrl) => ({
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_REDIRECT_URL: redirectUrl,
      OIDC_ALLOW_HTTP_ISSUER: 'true',
    }),
    sign: async (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? clientId)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(privateKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
