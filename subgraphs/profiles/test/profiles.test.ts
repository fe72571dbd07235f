/** Profile edits through the gateway: what is accepted, how it is normalised, what is refused. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { errorCode } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import { createEnvelope } from '#platform/events/envelope.ts';

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

describe('avatar files (media announces them; media itself is not in this stack)', () => {
  const AVATAR = `mutation A($input: UpdateProfileInput!) { updateProfile(input: $input) { avatarUrl avatar { id } } }`;
  const setAvatar = (input: Record<string, unknown>, token: string) =>
    platform.gql<{ updateProfile: { avatarUrl: string | null; avatar: { id: string } | null } }>(AVATAR, { input }, token);
  const announce = (name: 'FILE_READY' | 'FILE_DELETED', fileId: string, ownerId: string) =>
    platform.runtime.eventBus().publish(
      name === 'FILE_READY'
        ? createEnvelope(
            name,
            {
              fileId,
              ownerId,
              purpose: 'AVATAR',
              contentType: 'image/png',
              byteSize: 10,
              publicUrl: `https://cdn.test/${fileId}`,
            },
            'media',
          )
        : createEnvelope(name, { fileId, ownerId, purpose: 'AVATAR' }, 'media'),
    );

  it("takes the owner's READY avatar, refuses others', and lets a deletion clear it for good", async () => {
    const owner = await platform.signUp();
    const other = await platform.signUp();
    const fileId = randomUUID();
    await announce('FILE_READY', fileId, owner.id);
    const set = await eventually(async () => (await setAvatar({ avatarFileId: fileId }, owner.accessToken)).data ?? undefined);
    expect(set.updateProfile).toEqual({ avatarUrl: `https://cdn.test/${fileId}`, avatar: { id: fileId } });
    expect(errorCode(await setAvatar({ avatarFileId: fileId }, other.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await setAvatar({ avatarFileId: fileId, avatarUrl: 'https://example.com/a.png' }, owner.accessToken))).toBe(
      'BAD_USER_INPUT',
    );

    await announce('FILE_DELETED', fileId, owner.id);
    await eventually(async () =>
      (await update({ bio: 'x' }, owner.accessToken)).data?.updateProfile.avatarUrl === null ? true : undefined,
    );
    // A FILE_READY delivered late (a retry) does not bring a deleted file back.
    await announce('FILE_READY', fileId, owner.id);
    // The consumer takes events in order: once a later file is known, the late one was handled.
    const later = randomUUID();
    await announce('FILE_READY', later, owner.id);
    await eventually(async () => (await setAvatar({ avatarFileId: later }, owner.accessToken)).data ?? undefined);
    expect(errorCode(await setAvatar({ avatarFileId: fileId }, owner.accessToken))).toBe('NOT_FOUND');
  });
});
