/**
 * Ed25519 keys that sign access tokens. The first start creates one (under an advisory lock, so
 * replicas starting together agree); the JWKS document publishes the public halves of the active
 * key and of retired keys whose tokens may still be alive.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { AccountsDb } from '../db.ts';

const KEY_CREATION_LOCK = 4_140_001;
const ALGORITHM = 'EdDSA';

export interface AccessTokenClaims {
  userId: string;
  roles: string[];
  sessionId: string;
  /** When the roles were read (ms); now by default. */
  issuedAt?: number;
}

export class SigningKeys {
  private active: { kid: string; key: CryptoKey | Uint8Array } | undefined;

  constructor(
    private readonly db: AccountsDb,
    private readonly settings: { issuer: string; audience: string; accessTokenTtlSeconds: number },
  ) {}

  async ensureActiveKey(): Promise<void> {
    const record = await this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_CREATION_LOCK})`;
      const existing = await tx.signingKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' } });
      if (existing) return existing;
      const { publicKey, privateKey } = await generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true });
      const kid = randomUUID();
      return tx.signingKey.create({
        data: {
          kid,
          publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALGORITHM, use: 'sig' },
          privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALGORITHM },
        },
      });
    });
    this.active = { kid: record.kid, key: await importJWK(record.privateJwk as JWK, ALGORITHM) };
  }

  async signAccessToken(claims: AccessTokenClaims): Promise<{ token: string; expiresIn: number }> {
    // Never created lazily here: that would open a transaction inside the caller's.
    if (!this.active) throw new Error('SigningKeys.ensureActiveKey() must run at start-up');
    const { kid, key } = this.active;
    const expiresIn = this.settings.accessTokenTtlSeconds;
    const token = await new SignJWT({ roles: claims.roles, sid: claims.sessionId })
      .setProtectedHeader({ alg: ALGORITHM, kid, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      // Milliseconds in the fraction (a NumericDate may have one): a token signed right after its
      // user's tokens were revoked must not look older than the revocation (platform/auth/revocations.ts).
      .setIssuedAt((claims.issuedAt ?? Date.now()) / 1000)
      // Whole seconds rounded up: a token lives at least `expiresIn` (jose's "900s" counts from the
      // second begun, so a 1 s token could die within milliseconds).
      .setExpirationTime(Math.ceil(Date.now() / 1000) + expiresIn)
      .setJti(randomUUID())
      .sign(key);
    return { token, expiresIn };
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    const stillTrusted = new Date(Date.now() - this.settings.accessTokenTtlSeconds * 1000);
    const keys = await this.db.signingKey.findMany({
      where: { OR: [{ retiredAt: null }, { retiredAt: { gt: stillTrusted } }] },
      orderBy: { createdAt: 'desc' },
    });
    return { keys: keys.map((key) => key.publicJwk as JWK) };
  }
}
