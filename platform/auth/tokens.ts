/**
 * Access token verification against the accounts subgraph's JWKS (EdDSA keys, cached by jose).
 * The gateway verifies once to fail fast; every subgraph verifies again before trusting a token.
 * A token whose signature and claims checked out is remembered until it expires, so the next
 * request with it skips the signature check; the revocation lists (its session's, its user's) are
 * consulted every time.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { AppError, ErrorCode, unauthenticated } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import { sessionRevocations, type SessionRevocations } from './revocations.ts';
import type { Viewer } from './viewer.ts';

const claimsSchema = z.object({
  sub: z.string().min(1),
  sid: z.string().min(1),
  iat: z.number(),
  // Role names are accounts' to define; the platform carries them as they are.
  roles: z.array(z.string().min(1)),
});

export interface TokenVerifier {
  verify(token: string): Promise<Viewer>;
}

export interface TokenVerifierOptions {
  /** A function when the URL is known only once accounts listens (servers on ephemeral ports). */
  jwksUrl: string | (() => string);
  issuer: string;
  audience: string;
  revocations: SessionRevocations;
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  // Keys are cached for an hour; an unknown key id (rotation) refetches at most every 30 s.
  const keySet = () =>
    (keys ??= createRemoteJWKSet(new URL(typeof options.jwksUrl === 'function' ? options.jwksUrl() : options.jwksUrl), {
      cacheMaxAge: 60 * 60 * 1000,
      cooldownDuration: 30_000,
      timeoutDuration: 3_000,
    }));
  const verified = new LRUCache<string, { viewer: Viewer; issuedAtMs: number }>({ max: 10_000 });
  const checkSignature = async (token: string): Promise<{ viewer: Viewer; issuedAtMs: number }> => {
    const known = verified.get(token);
    if (known) return known;
    const { payload } = await jwtVerify(token, keySet(), {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ['EdDSA'],
    });
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw unauthenticated('Invalid access token');
    const checked = {
      viewer: { userId: claims.data.sub, roles: claims.data.roles, sessionId: claims.data.sid },
      // Accounts signs with a fractional iat (milliseconds), so a token signed just after a revocation is told apart.
      issuedAtMs: Math.round(claims.data.iat * 1000),
    };
    const ttl = (payload.exp ?? 0) * 1000 - Date.now();
    if (ttl > 0) verified.set(token, checked, { ttl });
    return checked;
  };
  return {
    async verify(token) {
      try {
        const { viewer, issuedAtMs } = await checkSignature(token);
        const revocation = await options.revocations.check({ sessionId: viewer.sessionId, userId: viewer.userId, issuedAtMs });
        if (revocation === 'session-ended') throw unauthenticated('This session has ended');
        if (revocation)
          throw unauthenticated('This access token was revoked (your roles or account changed): refresh the session');
        return viewer;
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (error instanceof joseErrors.JWTExpired) throw unauthenticated('Access token expired');
        if (error instanceof joseErrors.JOSEError && !(error instanceof joseErrors.JWKSTimeout)) {
          throw unauthenticated('Invalid access token');
        }
        // The JWKS could not be fetched: the token may be fine, we cannot tell right now.
        throw new AppError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'Cannot verify the access token right now');
      }
    },
  };
}

/** Reads `Authorization: Bearer <token>`; no header means an anonymous caller. */
export async function viewerFromAuthorization(header: string | undefined, verifier: TokenVerifier): Promise<Viewer | undefined> {
  if (!header) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/.exec(header.trim());
  if (!match?.[1]) throw unauthenticated('Malformed Authorization header: expected "Bearer <token>"');
  return verifier.verify(match[1]);
}

/**
 * `viewerFromAuthorization` for a server's context function: a bad token answers HTTP 401, an
 * unverifiable one 503 (instead of Apollo's default 500 for errors thrown while building context).
 */
export async function authenticateRequest(header: string | undefined, verifier: TokenVerifier): Promise<Viewer | undefined> {
  try {
    return await viewerFromAuthorization(header, verifier);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const status = error.extensions.code === ErrorCode.UNAUTHENTICATED ? 401 : 503;
    throw new AppError(error.extensions.code as ErrorCode, error.message, { http: { status } });
  }
}

/** The verifier every server builds: issuer and audience from the settings, the shared revocation list. */
export const runtimeTokenVerifier = (runtime: Runtime, jwksUrl: TokenVerifierOptions['jwksUrl']): TokenVerifier =>
  createTokenVerifier({
    jwksUrl,
    issuer: runtime.env.JWT_ISSUER,
    audience: runtime.env.JWT_AUDIENCE,
    revocations: sessionRevocations(runtime),
  });
