/**
 * Sessions and refresh tokens. A refresh token is opaque, stored as a SHA-256 hash, and single
 * use: each refresh marks it used and issues the next one. Presenting a used token again means it
 * leaked, so the whole session ends. Ended sessions are also put on the revocation list, which
 * stops their access tokens everywhere at once. Rows are written in the caller's transaction; the
 * access token is signed after the commit (`tokens`), so no transaction waits for signing.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SessionRevocations } from '#platform/auth/revocations.ts';
import { unauthenticated } from '#platform/errors.ts';
import type { AccountsDb, AccountsTx } from '../db.ts';
import type { SessionEndReason, User } from '../generated/prisma/client.ts';
import type { SecurityLog } from './security-log.ts';
import type { SigningKeys } from './signing-keys.ts';

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
  sessionId: string;
}

/** A session (or its next refresh token) written, its access token not signed yet. */
export interface OpenedSession {
  user: User;
  /**
   * When `user` was read (ms): the access token's iat. A revocation after that read (a role taken
   * away meanwhile) then voids the token, whose roles may predate it.
   */
  readAt: number;
  sessionId: string;
  refreshToken: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const INVALID_REFRESH_TOKEN = 'Invalid or expired refresh token';
export const ACCOUNT_DISABLED = 'This account has been disabled';

export class Sessions {
  constructor(
    private readonly db: AccountsDb,
    private readonly keys: SigningKeys,
    private readonly revocations: SessionRevocations,
    private readonly audit: SecurityLog,
    private readonly settings: { refreshTokenTtlDays: number; accessTokenTtlSeconds: number },
  ) {}

  /** Starts a session for a user who just proved who they are; `tokens` once `tx` has committed. */
  async start(user: User, readAt: number, clientAddress: string | undefined, tx: AccountsTx = this.db): Promise<OpenedSession> {
    const session = await tx.session.create({ data: { userId: user.id, clientAddress: clientAddress ?? null } });
    return { user, readAt, sessionId: session.id, refreshToken: await this.newRefreshToken(tx, session.id) };
  }

  /** The access token of an opened session, with the roles read at `readAt`. */
  async tokens({ user, readAt, sessionId, refreshToken }: OpenedSession): Promise<AuthPayload> {
    const { token, expiresIn } = await this.keys.signAccessToken({
      userId: user.id,
      roles: user.roles,
      sessionId,
      issuedAt: readAt,
    });
    return { accessToken: token, refreshToken, expiresIn, user, sessionId };
  }

  async refresh(refreshToken: string, clientAddress: string | undefined): Promise<AuthPayload> {
    const readAt = Date.now();
    const stored = await this.db.refreshToken.findUnique({
      where: { tokenHash: hashToken(refreshToken) },
      include: { session: { include: { user: true } } },
    });
    if (!stored || stored.session.revokedAt || stored.expiresAt <= new Date()) throw unauthenticated(INVALID_REFRESH_TOKEN);
    const { session } = stored;
    if (session.user.disabledAt) throw unauthenticated(ACCOUNT_DISABLED);

    const outcome = await this.db.$transaction(async (tx) => {
      // Only one presentation of a token can win; a second one (even concurrent) is a reuse.
      const claimed = await tx.refreshToken.updateMany({ where: { id: stored.id, usedAt: null }, data: { usedAt: new Date() } });
      if (claimed.count === 0) return undefined;
      await tx.session.update({ where: { id: session.id }, data: { lastRefreshAt: new Date() } });
      return { user: session.user, readAt, sessionId: session.id, refreshToken: await this.newRefreshToken(tx, session.id) };
    });
    if (outcome) return this.tokens(outcome);

    await this.end(session.id, 'REFRESH_TOKEN_REUSED');
    await this.audit.record('REFRESH_TOKEN_REUSED', { userId: session.userId, clientAddress, detail: { sessionId: session.id } });
    throw unauthenticated('This refresh token was already used; the session has been ended for safety');
  }

  /** Ends the refresh token's session. False when the token is unknown. */
  async logout(refreshToken: string): Promise<boolean> {
    const stored = await this.db.refreshToken.findUnique({
      where: { tokenHash: hashToken(refreshToken) },
      select: { sessionId: true },
    });
    if (!stored) return false;
    await this.end(stored.sessionId, 'LOGOUT');
    return true;
  }

  /** Ends the access tokens the user holds now, in every session; the sessions go on (a refresh gives new tokens). */
  async revokeAccessTokens(userId: string): Promise<void> {
    await this.revocations.revokeUserTokens(userId, this.settings.accessTokenTtlSeconds);
  }

  /** Ends every open session of a user but `keepSessionId`. */
  async endAll(userId: string, reason: SessionEndReason, keepSessionId?: string): Promise<void> {
    const open = await this.db.session.findMany({
      where: { userId, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
      select: { id: true },
    });
    for (const { id } of open) await this.end(id, reason);
  }

  private async end(sessionId: string, reason: SessionEndReason): Promise<void> {
    const [ended] = await this.db.session.updateManyAndReturn({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: reason },
      select: { userId: true },
    });
    await this.revocations.revoke(sessionId, this.settings.accessTokenTtlSeconds);
    if (ended) await this.audit.record('SESSION_ENDED', { userId: ended.userId, detail: { sessionId, reason } });
  }

  private async newRefreshToken(tx: AccountsTx, sessionId: string): Promise<string> {
    const refreshToken = randomBytes(32).toString('base64url');
    await tx.refreshToken.create({
      data: {
        sessionId,
        tokenHash: hashToken(refreshToken),
        expiresAt: new Date(Date.now() + this.settings.refreshTokenTtlDays * 86_400_000),
      },
    });
    return refreshToken;
  }
}
