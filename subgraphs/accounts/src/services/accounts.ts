/** Registration, login, password changes, roles: the account rules of DoctorPy. */
import { badInput, conflict, forbidden, isUniqueViolation, notFound, unauthenticated } from '#platform/errors.ts';
import { pageQuery, toConnection, type PageArgs } from '#platform/graphql/connection.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { Logger } from '#platform/logger.ts';
import { parseInput } from '#platform/validation.ts';
import { z } from 'zod';
import type { AccountsDb, AccountsTx } from '../db.ts';
import type { Role } from '../generated/graphql.ts';
import type { Prisma, User } from '../generated/prisma/client.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { passwordPolicy, type PasswordHasher } from './passwords.ts';
import type { SecurityLog } from './security-log.ts';
import { ACCOUNT_DISABLED, type AuthPayload, type OpenedSession, type Sessions } from './sessions.ts';

/** The advisory lock that serialises changes of roles and account status (a constant of accounts' own). */
const USER_ACCESS_LOCK = 0x0ac0_0001;

const INVALID_CREDENTIALS = 'Invalid email or password';
const SELF_SERVICE_ROLES: Role[] = ['STUDENT', 'INSTRUCTOR'];

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('is not a valid email address'));
const displayName = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(60, 'must be at most 60 characters')
  .refine((value) => !/\p{Cc}/u.test(value), 'must not contain control characters');

const registerInput = z.object({
  email,
  password: passwordPolicy,
  displayName,
  role: z.enum(['STUDENT', 'INSTRUCTOR', 'ADMIN', 'ANALYST']),
});
// Login only bounds sizes: any other mistake is just "invalid credentials".
const loginInput = z.object({ email: z.string().trim().toLowerCase().max(254), password: z.string().max(1024) });

export class Accounts {
  constructor(
    private readonly db: AccountsDb,
    private readonly passwords: PasswordHasher,
    private readonly sessions: Sessions,
    private readonly throttle: LoginThrottle,
    private readonly audit: SecurityLog,
    private readonly events: SubgraphEvents,
    private readonly logger: Logger,
  ) {}

  async register(raw: unknown, clientAddress: string | undefined): Promise<AuthPayload> {
    const input = parseInput(registerInput, raw);
    if (!SELF_SERVICE_ROLES.includes(input.role)) {
      throw forbidden('Accounts register as STUDENT or INSTRUCTOR; ADMIN and ANALYST are granted by an admin');
    }
    // Hashed before the transaction: it never holds a connection while waiting for argon2.
    const passwordHash = await this.passwords.hash(input.password);
    let opened: OpenedSession;
    try {
      opened = await this.events.transaction(this.db, async (tx) => {
        const user = await tx.user.create({
          data: { email: input.email, displayName: input.displayName, passwordHash, roles: [input.role] },
        });
        await this.audit.record(
          'ACCOUNT_CREATED',
          { userId: user.id, email: user.email, clientAddress, detail: { role: input.role } },
          tx,
        );
        await this.events.stage(tx, 'USER_REGISTERED', {
          userId: user.id,
          displayName: user.displayName,
          role: input.role,
          email: user.email,
        });
        return this.sessions.start(user, Date.now(), clientAddress, tx);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('An account with this email already exists');
      throw error;
    }
    return this.sessions.tokens(opened);
  }

  async login(raw: unknown, clientAddress: string | undefined): Promise<AuthPayload> {
    const input = parseInput(loginInput, raw);
    try {
      await this.throttle.assertAllowed(input.email, clientAddress);
    } catch (error) {
      await this.audit.record('LOGIN_THROTTLED', { email: input.email, clientAddress });
      throw error;
    }
    const readAt = Date.now();
    const user = await this.db.user.findUnique({ where: { email: input.email } });
    const valid = user
      ? await this.passwords.verify(user.passwordHash, input.password)
      : await this.passwords.verifyNothing(input.password);
    if (!user || !valid) {
      await this.throttle.recordFailure(input.email, clientAddress);
      await this.audit.record('LOGIN_FAILED', { userId: user?.id, email: input.email, clientAddress });
      throw unauthenticated(INVALID_CREDENTIALS);
    }
    await this.throttle.recordSuccess(input.email, clientAddress);
    if (user.disabledAt) {
      await this.audit.record('LOGIN_FAILED', { userId: user.id, email: user.email, clientAddress, detail: { disabled: true } });
      throw unauthenticated(ACCOUNT_DISABLED);
    }
    const opened = await this.events.transaction(this.db, async (tx) => {
      await this.audit.record('LOGIN_SUCCEEDED', { userId: user.id, email: user.email, clientAddress }, tx);
      const session = await this.sessions.start(user, readAt, clientAddress, tx);
      await this.events.stage(tx, 'USER_AUTHENTICATED', { userId: user.id, sessionId: session.sessionId });
      return session;
    });
    return this.sessions.tokens(opened);
  }

  async changePassword(
    userId: string,
    sessionId: string,
    raw: { currentPassword: string; newPassword: string },
    clientAddress: string | undefined,
  ): Promise<AuthPayload> {
    const { newPassword } = parseInput(z.object({ newPassword: passwordPolicy }), { newPassword: raw.newPassword });
    const user = await this.requireUser(userId);
    if (raw.currentPassword.length > 1024 || !(await this.passwords.verify(user.passwordHash, raw.currentPassword))) {
      throw badInput('The current password is not correct', [{ field: 'currentPassword', message: 'is not correct' }]);
    }
    const passwordHash = await this.passwords.hash(newPassword);
    const readAt = Date.now();
    const updated = await this.db.user.update({ where: { id: userId }, data: { passwordHash } });
    await this.sessions.endAll(userId, 'PASSWORD_CHANGED');
    await this.audit.record('PASSWORD_CHANGED', { userId, clientAddress, detail: { fromSession: sessionId } });
    return this.sessions.tokens(await this.sessions.start(updated, readAt, clientAddress));
  }

  async grantRole(adminId: string, userId: string, role: Role): Promise<User> {
    const { user, changed } = await this.accessChange(userId, async (tx, current) =>
      current.roles.includes(role) ? null : tx.user.update({ where: { id: userId }, data: { roles: [...current.roles, role] } }),
    );
    if (changed) await this.audit.record('ROLE_GRANTED', { userId, detail: { role, by: adminId } });
    return user;
  }

  async revokeRole(adminId: string, userId: string, role: Role): Promise<User> {
    const { user, changed } = await this.accessChange(userId, async (tx, current) => {
      if (!current.roles.includes(role)) return null;
      if (role === 'ADMIN' && (await this.activeAdmins(tx)) <= 1) throw conflict('The last admin cannot lose the ADMIN role');
      return tx.user.update({ where: { id: userId }, data: { roles: current.roles.filter((held) => held !== role) } });
    });
    if (changed) {
      // Its tokens still name the role: they end now, a refresh gives tokens without it.
      await this.sessions.revokeAccessTokens(userId);
      await this.audit.record('ROLE_REVOKED', { userId, detail: { role, by: adminId } });
    }
    return user;
  }

  /** No sign-in, no refresh; every session and access token of the user ends now. */
  async disableUser(adminId: string, userId: string): Promise<User> {
    if (userId === adminId) {
      await this.requireUser(userId);
      throw conflict('Admins cannot disable their own account');
    }
    const { user, changed } = await this.accessChange(userId, async (tx, current) => {
      if (current.disabledAt) return null;
      if (current.roles.includes('ADMIN') && (await this.activeAdmins(tx)) <= 1)
        throw conflict('The last admin cannot be disabled');
      return tx.user.update({ where: { id: userId }, data: { disabledAt: new Date() } });
    });
    // Also when already disabled: a sign-in or refresh that raced the first call ends here.
    await this.sessions.endAll(userId, 'USER_DISABLED');
    await this.sessions.revokeAccessTokens(userId);
    if (changed) await this.audit.record('USER_DISABLED', { userId, detail: { by: adminId } });
    return user;
  }

  /** The account may sign in again; the sessions that disabling ended stay ended. */
  async enableUser(adminId: string, userId: string): Promise<User> {
    const { user, changed } = await this.accessChange(userId, async (tx, current) =>
      current.disabledAt ? tx.user.update({ where: { id: userId }, data: { disabledAt: null } }) : null,
    );
    if (changed) await this.audit.record('USER_ENABLED', { userId, detail: { by: adminId } });
    return user;
  }

  /**
   * A change to a user's roles or status, one at a time across the platform (an advisory lock held
   * until commit): a concurrent twin reads the first one's result and changes nothing, two grants
   * of different roles both land, and two admins demoting each other at once leave one admin.
   * `change` returns the updated user, or null when there is nothing to do.
   */
  private async accessChange(
    userId: string,
    change: (tx: AccountsTx, user: User) => Promise<User | null>,
  ): Promise<{ user: User; changed: boolean }> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USER_ACCESS_LOCK})`;
      const user = await tx.user.findUnique({ where: { id: userId } });
      if (!user) throw notFound('User', userId);
      const updated = await change(tx, user);
      return { user: updated ?? user, changed: updated !== null };
    });
  }

  private activeAdmins(tx: AccountsTx): Promise<number> {
    return tx.user.count({ where: { roles: { has: 'ADMIN' }, disabledAt: null } });
  }

  async requireUser(id: string): Promise<User> {
    const user = await this.db.user.findUnique({ where: { id } });
    if (!user) throw notFound('User', id);
    return user;
  }

  usersByIds(ids: readonly string[]): Promise<User[]> {
    return this.db.user.findMany({ where: { id: { in: [...ids] } } });
  }

  async list(filter: { search?: string | null; role?: Role | null }, page: PageArgs) {
    const search = filter.search?.trim().slice(0, 100);
    const where: Prisma.UserWhereInput = {
      ...(filter.role ? { roles: { has: filter.role } } : {}),
      ...(search
        ? {
            OR: [
              { email: { contains: search, mode: 'insensitive' } },
              { displayName: { contains: search, mode: 'insensitive' } },
            ],
          }
        : {}),
    };
    const { size, prisma } = pageQuery(page);
    const rows = await this.db.user.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...prisma });
    return toConnection(rows, size, () => this.db.user.count({ where }));
  }

  /** Makes sure ADMIN_EMAIL has an account with the ADMIN role (its password is set only on creation). */
  async ensureAdmin(adminEmail: string, adminPassword: string): Promise<void> {
    const normalized = adminEmail.trim().toLowerCase();
    const existing = await this.db.user.findUnique({ where: { email: normalized } });
    if (existing?.roles.includes('ADMIN')) return;
    if (existing) {
      await this.db.user.update({ where: { id: existing.id }, data: { roles: [...existing.roles, 'ADMIN'] } });
      this.logger.info({ email: normalized }, 'granted ADMIN to the configured admin account');
      return;
    }
    const user = await this.db.user
      .create({
        data: {
          email: normalized,
          displayName: 'Administrator',
          passwordHash: await this.passwords.hash(adminPassword),
          roles: ['ADMIN'],
        },
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return undefined; // another replica created it first
        throw error;
      });
    if (user) {
      await this.audit.record('ACCOUNT_CREATED', {
        userId: user.id,
        email: user.email,
        detail: { role: 'ADMIN', by: 'ADMIN_EMAIL' },
      });
      this.logger.info({ email: normalized }, 'created the admin account from ADMIN_EMAIL');
    }
  }
}
