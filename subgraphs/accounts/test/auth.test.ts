/**
 * Authentication and authorization through the gateway: token checks, role and ownership rules,
 * refresh-token rotation and reuse detection, logout, login throttling and its audit trail.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphqlRequest } from '#platform/graphql/client.ts';
import { errorCode } from '#gateway/testing/operations.ts';
import { startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';

const ADMIN = { email: `${unique('admin')}@example.com`, password: 'Admin-password-2026' };

let platform: TestStack;
let student: TestUser;

const REFRESH = `mutation R($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken user { id } } }`;
const CREATE_COURSE = `mutation { createCourse(input: { title: "Some course", description: "A course about something.", level: BEGINNER }) { id } }`;

beforeAll(async () => {
  platform = await startTestStack({
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOGIN_FAILURES_BEFORE_DELAY: '3' },
  });
  student = await platform.signUp('STUDENT');
});
afterAll(() => platform?.close());

describe('access tokens', () => {
  it('rejects a token whose payload was altered', async () => {
    const [header, payload, signature] = student.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['ADMIN'] })).toString('base64url');
    const result = await platform.gql('{ me { id } }', {}, `${header}.${forged}.${signature}`);
    expect(result.status).toBe(401);
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    expect(result.data ?? null).toBeNull();
  });

  it('rejects garbage and malformed Authorization headers', async () => {
    expect(errorCode(await platform.gql('{ me { id } }', {}, 'not-a-jwt'))).toBe('UNAUTHENTICATED');
    const raw = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwYXNz' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(raw.status).toBe(401);
    expect(((await raw.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('rejects an expired token', async () => {
    const shortLived = await startTestStack({ subgraphs: ['accounts'], env: { ACCESS_TOKEN_TTL_SECONDS: '1' } });
    try {
      const user = await shortLived.signUp();
      expect((await shortLived.data<{ me: { id: string } }>('{ me { id } }', {}, user.accessToken)).me.id).toBe(user.id);
      await sleep(2_100);
      const result = await shortLived.gql('{ me { id } }', {}, user.accessToken);
      expect(errorCode(result)).toBe('UNAUTHENTICATED');
      expect(result.errors?.[0]?.message).toBe('Access token expired');
    } finally {
      await shortLived.close();
    }
  });
});

describe('roles and ownership', () => {
  it('keeps course authoring to instructors and admins', async () => {
    const result = await platform.gql(CREATE_COURSE, {}, student.accessToken);
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(CREATE_COURSE))).toBe('UNAUTHENTICATED');
  });

  it("forbids publishing another instructor's course", async () => {
    const owner = await platform.signUp('INSTRUCTOR');
    const rival = await platform.signUp('INSTRUCTOR');
    const { createCourse } = await platform.data<{ createCourse: { id: string } }>(CREATE_COURSE, {}, owner.accessToken);
    const publish = `mutation P($id: ID!) { publishCourse(id: $id) { id } }`;
    expect(errorCode(await platform.gql(publish, { id: createCourse.id }, rival.accessToken))).toBe('FORBIDDEN');
    expect(
      errorCode(
        await platform.gql(
          `mutation A($id: ID!) { addModule(courseId: $id, input: { title: "Hijack" }) { id } }`,
          { id: createCourse.id },
          rival.accessToken,
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  it('refuses ADMIN or ANALYST at registration; an admin grants them, and the next refresh carries them', async () => {
    const attempt = await platform.gql(
      `mutation { register(input: { email: "${unique('sneaky')}@example.com", password: "Sneaky-password-1", displayName: "Sneaky", role: ADMIN }) { accessToken } }`,
    );
    expect(errorCode(attempt)).toBe('FORBIDDEN');

    const grant = `mutation G($id: ID!) { grantRole(userId: $id, role: ANALYST) { roles } }`;
    expect(errorCode(await platform.gql(grant, { id: student.id }, student.accessToken))).toBe('FORBIDDEN');
    const { login } = await platform.data<{ login: { accessToken: string } }>(
      `mutation L($input: LoginInput!) { login(input: $input) { accessToken } }`,
      { input: ADMIN },
    );
    const analyst = await platform.signUp();
    const granted = await platform.data<{ grantRole: { roles: string[] } }>(grant, { id: analyst.id }, login.accessToken);
    expect(granted.grantRole.roles).toEqual(['STUDENT', 'ANALYST']);
    const refreshed = await platform.data<{ refreshSession: { accessToken: string } }>(REFRESH, { token: analyst.refreshToken });
    const claims = JSON.parse(Buffer.from(refreshed.refreshSession.accessToken.split('.')[1]!, 'base64url').toString());
    expect(claims.roles).toEqual(['STUDENT', 'ANALYST']);
  });

  it('shows an email to its owner and admins only', async () => {
    const other = await platform.signUp();
    const query = `query U($id: ID!) { user(id: $id) { displayName email } }`;
    const asStranger = await platform.gql<{ user: { email: string | null } }>(query, { id: student.id }, other.accessToken);
    expect(asStranger.data?.user.email).toBeNull();
    expect(errorCode(asStranger)).toBe('FORBIDDEN');
    const asSelf = await platform.data<{ user: { email: string } }>(query, { id: student.id }, student.accessToken);
    expect(asSelf.user.email).toBe(student.email);
  });
});

describe('refresh tokens', () => {
  it('rotates on every use and ends the session when an old one comes back', async () => {
    const user = await platform.signUp();
    const first = await platform.data<{ refreshSession: { accessToken: string; refreshToken: string } }>(REFRESH, {
      token: user.refreshToken,
    });
    expect(first.refreshSession.refreshToken).not.toBe(user.refreshToken);
    const second = await platform.data<{ refreshSession: { refreshToken: string; accessToken: string } }>(REFRESH, {
      token: first.refreshSession.refreshToken,
    });

    // The first token again: stolen and replayed. The whole session ends, current tokens included.
    const replay = await platform.gql(REFRESH, { token: user.refreshToken });
    expect(errorCode(replay)).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(REFRESH, { token: second.refreshSession.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql('{ me { id } }', {}, second.refreshSession.accessToken))).toBe('UNAUTHENTICATED');
  });

  it('logs out: the refresh token and the access tokens of that session stop working', async () => {
    const user = await platform.signUp();
    // Used once first: a token the servers have already verified must be refused too.
    expect((await platform.data<{ me: { id: string } }>('{ me { id } }', {}, user.accessToken)).me.id).toBe(user.id);
    const logout = `mutation O($token: String!) { logout(refreshToken: $token) }`;
    expect((await platform.data<{ logout: boolean }>(logout, { token: user.refreshToken })).logout).toBe(true);
    expect(errorCode(await platform.gql(REFRESH, { token: user.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql('{ me { id } }', {}, user.accessToken))).toBe('UNAUTHENTICATED');
    expect((await platform.data<{ logout: boolean }>(logout, { token: 'never-issued' })).logout).toBe(false);
  });

  it('changes the password, ending the other sessions', async () => {
    const user = await platform.signUp();
    const change = await platform.data<{ changePassword: { accessToken: string } }>(
      `mutation C($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken } }`,
      { input: { currentPassword: user.password, newPassword: 'A-brand-new-passphrase-9' } },
      user.accessToken,
    );
    expect(errorCode(await platform.gql('{ me { id } }', {}, user.accessToken))).toBe('UNAUTHENTICATED');
    expect((await platform.data<{ me: { id: string } }>('{ me { id } }', {}, change.changePassword.accessToken)).me.id).toBe(
      user.id,
    );
  });
});

describe('login failures', () => {
  const LOGIN = `mutation L($input: LoginInput!) { login(input: $input) { accessToken } }`;

  it('answers a wrong password and an unknown email alike', async () => {
    const wrongPassword = await platform.gql(LOGIN, { input: { email: student.email, password: 'not-the-password-1' } });
    const unknownEmail = await platform.gql(LOGIN, {
      input: { email: `${unique('ghost')}@example.com`, password: 'whatever-pass-1' },
    });
    expect(errorCode(wrongPassword)).toBe('UNAUTHENTICATED');
    expect(errorCode(unknownEmail)).toBe('UNAUTHENTICATED');
    expect(wrongPassword.errors?.[0]?.message).toBe(unknownEmail.errors?.[0]?.message);
  });

  it('throttles repeated failures of an account from one address and records them for admins', async () => {
    const victim = await platform.signUp();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(errorCode(await platform.gql(LOGIN, { input: { email: victim.email, password: `guess-number-${attempt}` } }))).toBe(
        'UNAUTHENTICATED',
      );
    }
    const throttled = await platform.gql(LOGIN, { input: { email: victim.email, password: victim.password } });
    expect(errorCode(throttled)).toBe('RATE_LIMITED');
    expect(throttled.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);

    const { login } = await platform.data<{ login: { accessToken: string } }>(LOGIN, { input: ADMIN });
    const { securityEvents } = await platform.data<{
      securityEvents: { edges: Array<{ node: { kind: string; email: string } }> };
    }>(
      `query S($id: ID) { securityEvents(first: 10, userId: $id) { edges { node { kind email } } } }`,
      { id: victim.id },
      login.accessToken,
    );
    const kinds = securityEvents.edges.map((edge) => edge.node.kind);
    expect(kinds.filter((kind) => kind === 'LOGIN_FAILED')).toHaveLength(3);
    expect(errorCode(await platform.gql(`{ securityEvents { totalCount } }`, {}, student.accessToken))).toBe('FORBIDDEN');
  });

  it('ignores X-Forwarded-For without TRUST_PROXY: a forged address does not escape the throttle', async () => {
    const victim = await platform.signUp();
    const forged = (attempt: number) => ({ 'x-forwarded-for': `203.0.113.${attempt + 1}` });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const result = await graphqlRequest(
        platform.url,
        LOGIN,
        { input: { email: victim.email, password: `guess-number-${attempt}` } },
        { headers: forged(attempt) },
      );
      expect(errorCode(result)).toBe('UNAUTHENTICATED');
    }
    const next = await graphqlRequest(
      platform.url,
      LOGIN,
      { input: { email: victim.email, password: 'guess-4' } },
      { headers: forged(9) },
    );
    expect(next.status).toBe(429);
    expect(errorCode(next)).toBe('RATE_LIMITED');
  });
});
