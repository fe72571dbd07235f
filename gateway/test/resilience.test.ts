/**
 * A subgraph going down costs its own fields only: the gateway answers with partial data and a
 * coded error for what is missing, and keeps serving.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';

let platform: TestStack;
let user: TestUser;

beforeAll(async () => {
  platform = await startTestStack();
  user = await platform.signUp('STUDENT', 'Partial Paula');
  await platform.data(`mutation { updateProfile(input: { bio: "Still here" }) { bio } }`, {}, user.accessToken);
});
afterAll(() => platform?.close());

it('returns partial data and an error for the fields of a stopped subgraph', async () => {
  const query = `{ me { displayName profile { bio } enrollments { id } } }`;
  expect((await platform.data<{ me: { profile: { bio: string } } }>(query, {}, user.accessToken)).me.profile.bio).toBe(
    'Still here',
  );

  await platform.stack.subgraphs.get('profiles')!.close();

  const result = await platform.gql<{ me: { displayName: string; profile: null; enrollments: unknown[] } }>(
    query,
    {},
    user.accessToken,
  );
  expect(result.status).toBe(200);
  expect(result.data?.me).toEqual({ displayName: 'Partial Paula', profile: null, enrollments: [] });
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'profiles' });
  expect(result.errors?.[0]?.message).toBe('The profiles service is unavailable');

  // The gateway itself is fine and keeps answering what does not need profiles.
  expect(
    (await platform.data<{ me: { displayName: string } }>('{ me { displayName } }', {}, user.accessToken)).me.displayName,
  ).toBe('Partial Paula');
  expect((await fetch(platform.url.replace('/graphql', '/health/live'))).status).toBe(200);
});
