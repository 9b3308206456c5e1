import { randomUUID } from 'node:crypto';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { DomainError } from '../errors.js';
import { CLOCK_SKEW_MS } from '../time.js';
import { loadPrincipal } from './accounts.js';
import type { JwtKeys } from './keys.js';
import type { Principal } from './roles.js';

/** The answer to a login or a password change: the access token, and whether the password must change first. */
export const tokenSchema = z.object({
  accessToken: z.string(),
  expiresAt: z.string(),
  mustChangePassword: z.boolean(),
});
type IssuedToken = Omit<z.output<typeof tokenSchema>, 'mustChangePassword'>;

export interface JwtPluginOptions {
  keys: JwtKeys;
  issuer: string;
  audience: string;
  ttlMinutes: number;
  /**
   * Checks a Bearer value that is not one of the service's own tokens (an API key, the
   * identity provider's token): the caller, or a thrown `unauthorized`.
   */
  otherBearer?: (token: string, request: FastifyRequest) => Promise<Principal>;
}

/**
 * The header of a JWT, read before its signature is checked: its `alg` tells the service's
 * own tokens (HS256) from others (asymmetric, or not JWTs), its `kid` picks the key.
 */
function tokenHeader(token: string): { alg?: unknown; kid?: unknown } | null {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.', 1)[0] ?? '', 'base64url').toString());
    return typeof header === 'object' ? (header as { alg?: unknown; kid?: unknown } | null) : null;
  } catch {
    return null;
  }
}

/** The media type of our access tokens (RFC 9068), so no other JWT passes for one (RFC 8725 §3.11). */
const tokenType = 'at+jwt';

/** The claims the service reads, parsed rather than trusted: a `sub` that is not a string is refused. */
const claimsSchema = z.object({
  sub: z.string().min(1),
  /** The user's token generation when issued; a password change moves it on. */
  gen: z.number().int().nonnegative(),
  iat: z.number(),
  exp: z.number(),
  nbf: z.number().optional(),
});
type TokenClaims = z.infer<typeof claimsSchema>;

/**
 * The time claims against the app's clock (seconds): not expired, not yet valid, issued in
 * the future (beyond the clock skew: instances sharing the key keep their own clocks), or
 * made to live longer than the service issues tokens for (RFC 8725 §2.2).
 */
function timelyAt(c: TokenClaims, now: number, ttlSeconds: number): boolean {
  return (
    now <= c.exp &&
    (c.nbf === undefined || now >= c.nbf) &&
    c.iat <= now + CLOCK_SKEW_MS / 1000 &&
    c.exp - c.iat <= ttlSeconds
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Issues a short-lived access token for a user. */
    issueToken(user: { id: string; tokenGeneration: number }): IssuedToken;
    /** onRequest hook of the protected scope: sets request.principal or answers 401. */
    authenticate(request: FastifyRequest): Promise<void>;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/**
 * Local-account tokens: HS256 with 256-bit keys (JWT_KEY_FILE, or the data folder's), one
 * pinned algorithm, an explicit token type, iss/aud/exp/iat/jti required, and the key picked
 * by the token's key id, so a token naming a kid of no key is refused. The library checks the
 * signature, which covers the kid too, and the names (its result cached for the signing key); the times are checked here against the app's clock, which the
 * library can only take once, when its verifier is built. The hot path is one cached
 * signature check plus one primary-key read.
 */
export const jwtPlugin = fp(
  async (app: FastifyInstance, opts: JwtPluginOptions) => {
    const ttlSeconds = opts.ttlMinutes * 60;
    const invalidToken = () => new DomainError('unauthorized', 'the token is invalid or expired');
    await app.register(fastifyJwt, {
      secret: opts.keys.signing.secret,
      sign: {
        algorithm: 'HS256',
        header: { alg: 'HS256', typ: tokenType },
        iss: opts.issuer,
        aud: opts.audience,
        kid: opts.keys.signing.kid,
        // Seconds: @fastify/jwt turns a number into the milliseconds fast-jwt takes.
        expiresIn: ttlSeconds,
      },
      verify: {
        algorithms: ['HS256'],
        checkTyp: tokenType,
        allowedIss: opts.issuer,
        allowedAud: opts.audience,
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti', 'sub', 'gen'],
        // Checked in `authenticate` on the app's clock: app.jwt.verify alone does not check them.
        ignoreExpiration: true,
        ignoreNotBefore: true,
        complete: true,
        cache: true,
      },
    });

    app.decorateRequest('principal', null);

    app.decorate('issueToken', (user: { id: string; tokenGeneration: number }) => {
      const iat = Math.floor(app.now().getTime() / 1000);
      const accessToken = app.jwt.sign({ sub: user.id, gen: user.tokenGeneration, jti: randomUUID(), iat });
      return { accessToken, expiresAt: new Date((iat + ttlSeconds) * 1000).toISOString() };
    });

    app.decorate('authenticate', async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      if (!header?.startsWith('Bearer ')) throw new DomainError('unauthorized', 'a Bearer token is required');
      const token = header.slice(7);
      const jwtHeader = tokenHeader(token);
      if (opts.otherBearer && jwtHeader?.alg !== 'HS256') {
        request.principal = await opts.otherBearer(token, request);
        return;
      }
      const secret = typeof jwtHeader?.kid === 'string' ? opts.keys.byKid.get(jwtHeader.kid) : undefined;
      if (!secret) throw new DomainError('unauthorized', 'the token names an unknown key');
      let verified: { payload: unknown };
      try {
        // A key that signed before a rotation verifies its tokens until they expire.
        verified =
          secret === opts.keys.signing.secret
            ? app.jwt.verify(token)
            : app.jwt.verify(token, { key: secret });
      } catch {
        throw invalidToken();
      }
      const claims = claimsSchema.safeParse(verified.payload);
      if (!claims.success || !timelyAt(claims.data, app.now().getTime() / 1000, ttlSeconds))
        throw invalidToken();
      request.principal = await loadPrincipal(app.database.db, claims.data.sub, claims.data.gen);
    });
  },
  { name: 'jwt-auth', dependencies: ['database'] },
);
