/** Profile edits through the gateway: what is accepted, how it is normalised, what is refused. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { errorCode } from '#gateway/testing/operations.ts';
import { startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';

let platform: TestStack;
let learner: TestUser;

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'profiles'] });
  learner = await platform.signUp('STUDENT', 'Paula');
});
afterAll(() => platform?.close());

const UPDATE = `mutation U($input: UpdateProfileInput!) {
  updateProfile(input: $input) { bio avatarUrl locale timezone updatedAt }
}`;
type Profile = { bio: string | null; avatarUrl: string | null; locale: string; timezone: string; updatedAt: string | null };
const update = (input: Record<string, unknown>, token = learner.accessToken) =>
  platform.gql<{ updateProfile: Profile }>(UPDATE, { input }, token);

describe('updateProfile', () => {
  it('shows the defaults until the user edits, then the edit', async () => {
    const before = await platform.data<{ user: { profile: Profile } }>(
      `query P($id: ID!) { user(id: $id) { profile { locale timezone updatedAt } } }`,
      { id: learner.id },
      learner.accessToken,
    );
    expect(before.user.profile).toEqual({ locale: 'en', timezone: 'UTC', updatedAt: null });

    const { data } = await update({ bio: '  Python fan  ', timezone: 'Europe/Paris' });
    expect(data?.updateProfile).toMatchObject({ bio: 'Python fan', timezone: 'Europe/Paris', locale: 'en' });
    expect(data?.updateProfile.updatedAt).toEqual(expect.any(String));
  });

  it('takes https avatars only, and null clears one', async () => {
    expect(errorCode(await update({ avatarUrl: 'http://example.com/me.png' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await update({ avatarUrl: 'javascript:alert(1)' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await update({ avatarUrl: `https://example.com/${'a'.repeat(2_100)}` }))).toBe('BAD_USER_INPUT');
    expect((await update({ avatarUrl: 'https://example.com/me.png' })).data?.updateProfile.avatarUrl).toBe(
      'https://example.com/me.png',
    );
    expect((await update({ avatarUrl: null })).data?.updateProfile.avatarUrl).toBeNull();
  });

  it('takes IANA time zones only', async () => {
    for (const timezone of ['Mars/Olympus_Mons', 'GMT+25', '+02:00', '', 'Europe/Paris\u0000']) {
      expect(errorCode(await update({ timezone }))).toBe('BAD_USER_INPUT');
    }
    expect((await update({ timezone: 'America/Argentina/Buenos_Aires' })).data?.updateProfile.timezone).toBe(
      'America/Argentina/Buenos_Aires',
    );
  });

  it('takes BCP 47 language tags and stores their canonical form', async () => {
    for (const locale of ['not a tag', 'fr_FR', 'x', `${'a'.repeat(40)}`]) {
      expect(errorCode(await update({ locale }))).toBe('BAD_USER_INPUT');
    }
    expect((await update({ locale: 'fr-ca' })).data?.updateProfile.locale).toBe('fr-CA');
    expect((await update({ locale: 'EN' })).data?.updateProfile.locale).toBe('en');
  });

  it('refuses a bio over 2000 characters, and anonymous callers', async () => {
    expect(errorCode(await update({ bio: 'b'.repeat(2_001) }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(UPDATE, { input: { bio: 'hello' } }))).toBe('UNAUTHENTICATED');
  });

  it('leaves fields out of the input unchanged', async () => {
    await update({ bio: 'Kept', timezone: 'Asia/Tokyo' });
    const { data } = await update({ locale: 'fr' });
    expect(data?.updateProfile).toMatchObject({ bio: 'Kept', timezone: 'Asia/Tokyo', locale: 'fr' });
  });
});
