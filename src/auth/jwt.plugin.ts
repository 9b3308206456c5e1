import { randomUUID } from 'node:crypto';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { DomainError } from '../errors.js';
import { loadPrincipal } from './accounts.js';
import type { JwtKey } from './keys.js';
import type { Principal } from './roles.js';

/** The answer to a login or a password change: the access token, and whether the password must change first. */
export const tokenSchema = z.object({
  accessToken: z.string(),
  expiresAt: z.string(),
  mustChangePassword: z.boolean(),
});
type IssuedToken = Omit<z.output<typeof tokenSchema>, 'mustChangePassword'>;

export interface JwtPluginOptions {
  key: JwtKey;
  issuer: string;
  audience: string;
  ttlMinutes: number;
}

interface TokenClaims {
  sub: string;
  /** The user's token generation when issued; a password change moves it on. */
  gen: number;
  iat: number;
  exp: number;
  jti: string;
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
 * Local-account tokens: HS256 with a 256-bit key from the data folder, one pinned algorithm,
 * iss/aud/exp/iat/jti required, and the key id checked so a token signed under any other
 * key id is refused. The hot path is one cached signature check plus one primary-key read.
 */
export const jwtPlugin = fp(
  async (app: FastifyInstance, opts: JwtPluginOptions) => {
    await app.register(fastifyJwt, {
      secret: opts.key.secret,
      sign: {
        algorithm: 'HS256',
        iss: opts.issuer,
        aud: opts.audience,
        kid: opts.key.kid,
        expiresIn: opts.ttlMinutes * 60_000,
      },
      verify: {
        algorithms: ['HS256'],
        allowedIss: opts.issuer,
        allowedAud: opts.audience,
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti', 'sub', 'gen'],
        complete: true,
        cache: true,
      },
    });

    app.decorateRequest('principal', null);

    app.decorate('issueToken', (user: { id: string; tokenGeneration: number }) => {
      const accessToken = app.jwt.sign({ sub: user.id, gen: user.tokenGeneration, jti: randomUUID() });
      const exp = (app.jwt.decode<{ exp: number }>(accessToken) as { exp: number }).exp;
      return { accessToken, expiresAt: new Date(exp * 1000).toISOString() };
    });

    app.decorate('authenticate', async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      if (!header?.startsWith('Bearer ')) throw new DomainError('unauthorized', 'a Bearer token is required');
      let verified: { header: { kid?: string }; payload: TokenClaims };
      try {
        verified = app.jwt.verify(header.slice(7));
      } catch {
        throw new DomainError('unauthorized', 'the token is invalid or expired');
      }
      if (verified.header.kid !== opts.key.kid)
        throw new DomainError('unauthorized', 'the token names an unknown key');
      request.principal = await loadPrincipal(app.database.db, verified.payload.sub, verified.payload.gen);
    });
  },
  { name: 'jwt-auth', dependencies: ['database'] },
);
