/**
 * The token verifier against a JWKS served over HTTP: a token that checked out is remembered, yet
 * its session's revocation and its expiry still apply on every later check.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppError } from '../errors.ts';
import { memoryRevocations } from './revocations.ts';
import { createTokenVerifier, type TokenVerifier } from './tokens.ts';

const ISSUER = 'https://doctorpy.dev/accounts';
const AUDIENCE = 'doctorpy';
const revocations = memoryRevocations();

let server: Server;
let privateKey: CryptoKey;
let verifier: TokenVerifier;

const sign = (sessionId: string, expiresAt = Math.floor(Date.now() / 1000) + 900, userId = 'user-1') =>
  new SignJWT({ roles: ['STUDENT'], sid: sessionId })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'test-key' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Date.now() / 1000)
    .setExpirationTime(expiresAt)
    .sign(privateKey);

const codeOf = async (check: Promise<unknown>) => {
  const error = await check.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  return error instanceof AppError ? { code: error.extensions.code, message: error.message } : error;
};

beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  privateKey = pair.privateKey;
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'EdDSA', use: 'sig' }] });
  server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  verifier = createTokenVerifier({
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    issuer: ISSUER,
    audience: AUDIENCE,
    revocations,
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('token verifier', () => {
  it('refuses a token it verified before once its session is revoked', async () => {
    const sessionId = randomUUID();
    const token = await sign(sessionId);
    expect(await verifier.verify(token)).toEqual({ userId: 'user-1', roles: ['STUDENT'], sessionId });
    expect(await verifier.verify(token)).toEqual({ userId: 'user-1', roles: ['STUDENT'], sessionId });
    await revocations.revoke(sessionId, 60);
    expect(await codeOf(verifier.verify(token))).toEqual({ code: 'UNAUTHENTICATED', message: 'This session has ended' });
  });

  it("refuses a user's tokens signed before their revocation, in every session, and accepts the next ones", async () => {
    const userId = `user-${randomUUID()}`;
    const [first, second] = [await sign(randomUUID(), undefined, userId), await sign(randomUUID(), undefined, userId)];
    const other = await sign(randomUUID());
    expect((await verifier.verify(first)).userId).toBe(userId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await revocations.revokeUserTokens(userId, 60);
    for (const token of [first, second])
      expect((await codeOf(verifier.verify(token))) as { code: string }).toMatchObject({ code: 'UNAUTHENTICATED' });
    // Signed a few milliseconds after the revocation (a refresh), with the roles of then: valid.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await verifier.verify(await sign(randomUUID(), undefined, userId))).userId).toBe(userId);
    expect((await verifier.verify(other)).userId).toBe('user-1');
  });

  it('refuses a token it verified before once it has expired', async () => {
    const token = await sign(randomUUID(), Math.floor(Date.now() / 1000) + 1);
    expect((await verifier.verify(token)).userId).toBe('user-1');
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await codeOf(verifier.verify(token))).toEqual({ code: 'UNAUTHENTICATED', message: 'Access token expired' });
  });

  it('refuses a tampered copy of a token it verified before', async () => {
    const token = await sign(randomUUID());
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['ADMIN'] })).toString('base64url');
    expect(await codeOf(verifier.verify(`${header}.${forged}.${signature}`))).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Invalid access token',
    });
  });
});
