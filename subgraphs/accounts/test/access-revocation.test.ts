/**
 * Revoking a role or disabling a user ends that user's access tokens at once, through the gateway
 * and in the subgraphs (like logout does), instead of letting them live out their 15 minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { errorCode } from '#gateway/testing/operations.ts';
import { startTestStack, unique, type TestStack } from '#gateway/testing/stack.ts';

const ADMIN = { email: `${unique('admin')}@example.com`, password: 'Admin-password-2026' };
const LOGIN = `mutation L($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }`;
const REFRESH = `mutation R($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken user { roles } } }`;
const GRANT = `mutation G($id: ID!, $role: Role!) { grantRole(userId: $id, role: $role) { roles } }`;
const REVOKE = `mutation V($id: ID!, $role: Role!) { revokeRole(userId: $id, role: $role) { roles } }`;
const DISABLE = `mutation D($id: ID!) { disableUser(userId: $id) { id disabledAt } }`;
const ENABLE = `mutation E($id: ID!) { enableUser(userId: $id) { id disabledAt } }`;
const ANALYST_QUERY = `{ recentActivity(first: 1) { id } }`;

let platform: TestStack;
let adminToken: string;

async function signIn(email: string, password: string) {
  return (await platform.data<{ login: { accessToken: string; refreshToken: string } }>(LOGIN, { input: { email, password } }))
    .login;
}

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts', 'analytics'],
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
  });
  adminToken = (await signIn(ADMIN.email, ADMIN.password)).accessToken;
});
afterAll(() => platform?.close());

describe('revokeRole', () => {
  it('ends the tokens that carry the role at once; a refresh gives tokens without it', async () => {
    const user = await platform.signUp();
    await platform.data(GRANT, { id: user.id, role: 'ANALYST' }, adminToken);
    const { refreshSession: asAnalyst } = await platform.data<{ refreshSession: { accessToken: string; refreshToken: string } }>(
      REFRESH,
      { token: user.refreshToken },
    );
    expect(errorCode(await platform.gql(ANALYST_QUERY, {}, asAnalyst.accessToken))).toBeUndefined();

    expect(
      (await platform.data<{ revokeRole: { roles: string[] } }>(REVOKE, { id: user.id, role: 'ANALYST' }, adminToken)).revokeRole
        .roles,
    ).toEqual(['STUDENT']);
    const stale = await platform.gql(ANALYST_QUERY, {}, asAnalyst.accessToken);
    expect(stale.status).toBe(401);
    expect(errorCode(stale)).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql('{ me { id } }', {}, user.accessToken))).toBe('UNAUTHENTICATED');

    // The session goes on: the next refresh carries the roles of now.
    const { refreshSession } = await platform.data<{ refreshSession: { accessToken: string; user: { roles: string[] } } }>(
      REFRESH,
      {
        token: asAnalyst.refreshToken,
      },
    );
    expect(refreshSession.user.roles).toEqual(['STUDENT']);
    expect((await platform.data<{ me: { id: string } }>('{ me { id } }', {}, refreshSession.accessToken)).me.id).toBe(user.id);
    expect(errorCode(await platform.gql(ANALYST_QUERY, {}, refreshSession.accessToken))).toBe('FORBIDDEN');
  });

  it("ends a former admin's admin powers at once", async () => {
    const user = await platform.signUp();
    await platform.data(GRANT, { id: user.id, role: 'ADMIN' }, adminToken);
    const asAdmin = await signIn(user.email, user.password);
    expect(errorCode(await platform.gql('{ users(first: 1) { totalCount } }', {}, asAdmin.accessToken))).toBeUndefined();
    await platform.data(REVOKE, { id: user.id, role: 'ADMIN' }, adminToken);
    expect(errorCode(await platform.gql('{ users(first: 1) { totalCount } }', {}, asAdmin.accessToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(GRANT, { id: user.id, role: 'ADMIN' }, asAdmin.accessToken))).toBe('UNAUTHENTICATED');
  });
});

describe('disableUser', () => {
  it('ends every session and token of the user; no sign-in or refresh until enabled again', async () => {
    const user = await platform.signUp();
    const otherDevice = await signIn(user.email, user.password);
    expect((await platform.data<{ me: { id: string } }>('{ me { id } }', {}, user.accessToken)).me.id).toBe(user.id);

    const { disableUser } = await platform.data<{ disableUser: { disabledAt: string | null } }>(
      DISABLE,
      { id: user.id },
      adminToken,
    );
    expect(disableUser.disabledAt).not.toBeNull();

    for (const token of [user.accessToken, otherDevice.accessToken]) {
      const result = await platform.gql('{ me { id } }', {}, token);
      expect(result.status).toBe(401);
      expect(errorCode(result)).toBe('UNAUTHENTICATED');
    }
    for (const refreshToken of [user.refreshToken, otherDevice.refreshToken]) {
      expect(errorCode(await platform.gql(REFRESH, { token: refreshToken }))).toBe('UNAUTHENTICATED');
    }
    const login = await platform.gql(LOGIN, { input: { email: user.email, password: user.password } });
    expect(errorCode(login)).toBe('UNAUTHENTICATED');
    expect(login.errors?.[0]?.message).toBe('This account has been disabled');

    await platform.data(ENABLE, { id: user.id }, adminToken);
    const again = await signIn(user.email, user.password);
    expect((await platform.data<{ me: { id: string } }>('{ me { id } }', {}, again.accessToken)).me.id).toBe(user.id);
    // What disabling ended stays ended.
    expect(errorCode(await platform.gql(REFRESH, { token: otherDevice.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('is for admins, not on themselves, and is audited', async () => {
    const user = await platform.signUp();
    const other = await platform.signUp();
    expect(errorCode(await platform.gql(DISABLE, { id: other.id }, user.accessToken))).toBe('FORBIDDEN');
    const { me } = await platform.data<{ me: { id: string } }>('{ me { id } }', {}, adminToken);
    expect(errorCode(await platform.gql(DISABLE, { id: me.id }, adminToken))).toBe('CONFLICT');

    await platform.data(DISABLE, { id: other.id }, adminToken);
    await platform.data(ENABLE, { id: other.id }, adminToken);
    const { securityEvents } = await platform.data<{ securityEvents: { edges: Array<{ node: { kind: string } }> } }>(
      `query S($id: ID) { securityEvents(first: 20, userId: $id) { edges { node { kind } } } }`,
      { id: other.id },
      adminToken,
    );
    const kinds = securityEvents.edges.map((edge) => edge.node.kind);
    expect(kinds).toEqual(expect.arrayContaining(['USER_DISABLED', 'USER_ENABLED', 'SESSION_ENDED']));
  });
});

describe('concurrent twins', () => {
  it('disabling twice at once disables once; a refresh racing the disable leaves no working token', async () => {
    const user = await platform.signUp();
    const [refreshed, first, second] = await Promise.all([
      platform.gql<{ refreshSession: { accessToken: string } }>(REFRESH, { token: user.refreshToken }),
      platform.gql<{ disableUser: { disabledAt: string } }>(DISABLE, { id: user.id }, adminToken),
      platform.gql<{ disableUser: { disabledAt: string } }>(DISABLE, { id: user.id }, adminToken),
    ]);
    expect(first.data?.disableUser.disabledAt).toBeTruthy();
    expect(second.data?.disableUser.disabledAt).toBe(first.data?.disableUser.disabledAt);
    // Whichever won the race, no token of the user works now.
    const tokens = [user.accessToken, refreshed.data?.refreshSession.accessToken].filter((token): token is string => !!token);
    for (const token of tokens) expect(errorCode(await platform.gql('{ me { id } }', {}, token))).toBe('UNAUTHENTICATED');

    const { securityEvents } = await platform.data<{ securityEvents: { edges: Array<{ node: { kind: string } }> } }>(
      `query S($id: ID) { securityEvents(first: 50, userId: $id) { edges { node { kind } } } }`,
      { id: user.id },
      adminToken,
    );
    expect(securityEvents.edges.filter((edge) => edge.node.kind === 'USER_DISABLED')).toHaveLength(1);
  });

  it('revoking a role twice at once answers both alike and ends the tokens carrying it', async () => {
    const user = await platform.signUp();
    await platform.data(GRANT, { id: user.id, role: 'ANALYST' }, adminToken);
    const asAnalyst = await signIn(user.email, user.password);
    const twins = await Promise.all(
      [1, 2].map(() => platform.gql<{ revokeRole: { roles: string[] } }>(REVOKE, { id: user.id, role: 'ANALYST' }, adminToken)),
    );
    expect(twins.map((result) => result.data?.revokeRole.roles)).toEqual([['STUDENT'], ['STUDENT']]);
    expect(errorCode(await platform.gql(ANALYST_QUERY, {}, asAnalyst.accessToken))).toBe('UNAUTHENTICATED');
  });
});
