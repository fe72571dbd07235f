/**
 * Helpers every test file needs the same way: the error code of a response, signing in, and the
 * administrator a test stack bootstraps. Typed by the caller: `platform.data<Data>(OPERATION, vars)`.
 */
import type { GraphQLResponse } from '#platform/graphql/client.ts';
import type { TestStack } from './stack.ts';
import { unique } from '#platform/testing/helpers.ts';

/** `extensions.code` of the first error (undefined when the operation succeeded). */
export const errorCode = (result: Pick<GraphQLResponse<unknown>, 'errors'>): unknown => result.errors?.[0]?.extensions?.code;

/** Every error code of a response, in order. */
export const errorCodes = (result: Pick<GraphQLResponse<unknown>, 'errors'>): unknown[] =>
  (result.errors ?? []).map((error) => error.extensions?.code);

export const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { accessToken refreshToken user { id roles } } }`;

/** Signs in with a password; returns the access token. */
export async function signIn(platform: TestStack, email: string, password: string): Promise<string> {
  const { login } = await platform.data<{ login: { accessToken: string } }>(LOGIN, { input: { email, password } });
  return login.accessToken;
}

/**
 * An administrator for a test stack: pass `adminEnv(admin)` as the stack's env so accounts
 * bootstraps it at start, then `signIn(platform, admin.email, admin.password)`.
 */
export const testAdmin = () => ({ email: `${unique('admin')}@example.com`, password: 'Admin-password-2026' });
export const adminEnv = (admin: { email: string; password: string }) => ({
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
});
