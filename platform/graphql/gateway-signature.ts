/**
 * Proof that a request to a subgraph came through the gateway, which applies the limits, the rate
 * limit and the token check first. The gateway signs each subgraph call with HMAC-SHA256 under a
 * secret it shares with the subgraphs (SUBGRAPH_SHARED_SECRET; in `npm start`, where the gateway
 * and the subgraphs share a process, a random one per process):
 *
 *   x-gateway-signature: t=<unix ms>,v1=<hex HMAC of "v1", t, x-request-id, SHA-256 of the body,
 *                         Authorization, x-client-address>
 *
 * A signature rather than the secret itself in a header: the secret never travels, so a logged
 * request, a header a subgraph echoes or a captured call does not grant access. What such a leak
 * gives is one signature, valid for SIGNATURE_VALIDITY_MS and for that exact body, token and
 * client address: replaying it re-runs a request the gateway already let through, nothing more.
 * Health, metrics and the JWKS document need no proof (they are not under /graphql); subgraphs
 * check it in gatewayOnlyBodyParser (platform/http.ts).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Env } from '../env.ts';
import { ErrorCode } from '../errors.ts';
import type { Runtime } from '../runtime.ts';

export const SIGNATURE_HEADER = 'x-gateway-signature';
/** How old (or, clocks differing, how far ahead) a signature may be. */
export const SIGNATURE_VALIDITY_MS = 30_000;

const SIGNATURE = /^t=(\d{1,15}),v1=([0-9a-f]{64})$/;

/** What a signature covers besides its time. */
export interface SignedRequest {
  body: string | Buffer;
  requestId: string | undefined;
  authorization: string | undefined;
  clientAddress: string | undefined;
}

export const bodyDigest = (body: string | Buffer): string => createHash('sha256').update(body).digest('hex');

function hmac(secret: string, timestamp: number, request: Omit<SignedRequest, 'body'> & { digest: string }): string {
  const fields = [
    'v1',
    String(timestamp),
    request.requestId ?? '',
    request.digest,
    request.authorization ?? '',
    request.clientAddress ?? '',
  ];
  return createHmac('sha256', secret).update(fields.join('\n')).digest('hex');
}

export function signGatewayRequest(secret: string, request: SignedRequest, timestamp = Date.now()): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, { ...request, digest: bodyDigest(request.body) })}`;
}

/**
 * The secret of this process: SUBGRAPH_SHARED_SECRET, or one made up at first use and shared by
 * every server of the process (embedded `npm start`, tests), so nothing outside the process can sign.
 */
export function gatewaySecret(runtime: Runtime): string {
  return runtime.env.SUBGRAPH_SHARED_SECRET ?? runtime.shared('gateway-secret', () => randomBytes(32).toString('hex'));
}

/** A gateway or a subgraph in a process of its own cannot share a made-up secret: the setting is required. */
export function requireSharedSecret(env: Env): void {
  if (!env.SUBGRAPH_SHARED_SECRET)
    throw new Error(
      'SUBGRAPH_SHARED_SECRET must be set (the same value for the gateway and every subgraph) when they run as separate processes',
    );
}

export type Refusal = { status: 401 | 403; code: ErrorCode; message: string };

/** What can be told from the header alone: missing, malformed or out of its validity window. */
export function headerRefusal(header: string | undefined, now: number): Refusal | undefined {
  if (!header) return { status: 401, code: ErrorCode.UNAUTHENTICATED, message: 'Subgraphs answer the gateway only' };
  const match = SIGNATURE.exec(header);
  if (!match) return { status: 403, code: ErrorCode.FORBIDDEN, message: 'Malformed gateway signature' };
  if (Math.abs(now - Number(match[1])) > SIGNATURE_VALIDITY_MS)
    return { status: 401, code: ErrorCode.UNAUTHENTICATED, message: 'Expired gateway signature' };
  return undefined;
}

/** Why the signature header does not prove `request` came from the gateway now, or undefined when it does. */
export function signatureRefusal(
  secret: string,
  header: string | undefined,
  request: Omit<SignedRequest, 'body'> & { digest: string },
  now = Date.now(),
): Refusal | undefined {
  const refusal = headerRefusal(header, now);
  if (refusal) return refusal;
  const [, timestamp, signature] = SIGNATURE.exec(header!)!;
  const expected = Buffer.from(hmac(secret, Number(timestamp), request), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature!, 'hex')))
    return { status: 403, code: ErrorCode.FORBIDDEN, message: 'Invalid gateway signature' };
  return undefined;
}
