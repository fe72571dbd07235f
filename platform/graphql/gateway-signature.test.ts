import { describe, expect, it } from '@jest/globals';
import {
  bodyDigest,
  signatureRefusal,
  signGatewayRequest,
  SIGNATURE_VALIDITY_MS,
  type SignedRequest,
} from './gateway-signature.ts';

const SECRET = 'a'.repeat(64);
const request: SignedRequest = {
  body: '{"query":"{ me { id } }"}',
  requestId: 'req-1',
  authorization: 'Bearer token-1',
  clientAddress: '203.0.113.7',
};
const received = (changes: Partial<SignedRequest> = {}) => {
  const { body, ...rest } = { ...request, ...changes };
  return { ...rest, digest: bodyDigest(body) };
};

describe('gateway signatures', () => {
  it('accept the request they were made for, within the validity window', () => {
    const now = Date.now();
    expect(signatureRefusal(SECRET, signGatewayRequest(SECRET, request, now), received(), now)).toBeUndefined();
    expect(
      signatureRefusal(SECRET, signGatewayRequest(SECRET, request, now - SIGNATURE_VALIDITY_MS + 1_000), received(), now),
    ).toBeUndefined();
  });

  it('refuse a missing, malformed or expired signature with UNAUTHENTICATED or FORBIDDEN', () => {
    const now = Date.now();
    expect(signatureRefusal(SECRET, undefined, received(), now)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(signatureRefusal(SECRET, SECRET, received(), now)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const old = signGatewayRequest(SECRET, request, now - SIGNATURE_VALIDITY_MS - 1_000);
    expect(signatureRefusal(SECRET, old, received(), now)).toMatchObject({ status: 401, message: 'Expired gateway signature' });
  });

  it('refuse another secret, and any change to the body, request id, token or client address', () => {
    const now = Date.now();
    const signature = signGatewayRequest(SECRET, request, now);
    expect(signatureRefusal('b'.repeat(64), signature, received(), now)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    for (const change of [
      { body: '{"query":"{ users { id } }"}' },
      { requestId: 'req-2' },
      { authorization: 'Bearer someone-else' },
      { clientAddress: '198.51.100.1' },
    ]) {
      expect({ change, refusal: signatureRefusal(SECRET, signature, received(change), now) }).toMatchObject({
        change,
        refusal: { status: 403, message: 'Invalid gateway signature' },
      });
    }
  });

  it('do not contain the secret', () => {
    expect(signGatewayRequest(SECRET, request)).not.toContain(SECRET.slice(0, 8));
  });
});
