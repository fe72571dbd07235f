/** Profile reads (defaults when never edited) and validated edits; the avatar is a URL or a media file. */
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { parseInput } from '#platform/validation.ts';
import { z } from 'zod';
import { badInput } from '#platform/errors.ts';
import type { AvatarFile, PrismaClient, Profile } from '../generated/prisma/client.ts';
import type { AvatarFiles } from './avatars.ts';

export type ProfileView = Pick<Profile, 'bio' | 'avatarUrl' | 'avatarFileId' | 'locale' | 'timezone'> & {
  updatedAt: Date | null;
};

export const DEFAULT_PROFILE: ProfileView = {
  bio: null,
  avatarUrl: null,
  avatarFileId: null,
  locale: 'en',
  timezone: 'UTC',
  updatedAt: null,
};

/** A stored profile as clients see it: an avatar file's public URL wins over a given URL (never both are set). */
const view = (profile: Profile & { avatarFile: AvatarFile | null }): ProfileView & { userId: string } => ({
  userId: profile.userId,
  bio: profile.bio,
  avatarUrl: profile.avatarFile?.url ?? profile.avatarUrl,
  avatarFileId: profile.avatarFileId,
  locale: profile.locale,
  timezone: profile.timezone,
  updatedAt: profile.updatedAt,
});

/**
 * Any IANA zone the runtime knows, links included: Intl.supportedValuesOf lists only ICU's
 * canonical names and would refuse valid ones such as America/Argentina/Buenos_Aires. Offsets
 * ("+02:00") are not zones: a learner's streak day must follow daylight saving time.
 */
const isTimeZone = (zone: string): boolean => {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return false;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone.length > 0;
  } catch {
    return false;
  }
};

const canonicalLocale = (tag: string): string | undefined => {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
};

const updateInput = z.object({
  bio: z.string().trim().max(2_000, 'must be at most 2000 characters').nullish(),
  avatarUrl: z
    .url({ protocol: /^https$/, error: 'must be an https URL' })
    .max(2_048, 'must be at most 2048 characters')
    .nullish(),
  avatarFileId: z.string().max(100, 'is not a file id').nullish(),
  locale: z
    .string()
    .max(35)
    .transform((tag, context) => {
      const canonical = canonicalLocale(tag);
      if (!canonical) context.addIssue({ code: 'custom', message: 'is not a BCP 47 language tag' });
      return canonical ?? tag;
    })
    .optional(),
  timezone: z.string().max(64).refine(isTimeZone, 'is not an IANA time zone').optional(),
});

export class Profiles {
  constructor(
    private readonly db: PrismaClient,
    private readonly events: SubgraphEvents,
    private readonly avatars: AvatarFiles,
  ) {}

  async byUserIds(userIds: readonly string[]): Promise<Array<ProfileView & { userId: string }>> {
    const profiles = await this.db.profile.findMany({ where: { userId: { in: [...userIds] } }, include: { avatarFile: true } });
    return profiles.map(view);
  }

  async update(userId: string, raw: unknown): Promise<ProfileView> {
    const input = parseInput(updateInput, raw);
    if (input.avatarUrl && input.avatarFileId)
      throw badInput('Give an avatar URL or an avatar file, not both', [{ field: 'avatarFileId', message: 'with avatarUrl' }]);
    const { avatarFileId } = input;
    if (avatarFileId) await this.avatars.requireOwned(userId, avatarFileId);
    // `undefined` leaves a field as it is; `null` (bio, avatarUrl, avatarFileId) clears it.
    const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    // One avatar at a time: a URL clears the file, a file clears the URL.
    if (input.avatarUrl) changes.avatarFileId = null;
    if (avatarFileId) changes.avatarUrl = null;
    return this.events.transaction(this.db, async (tx) => {
      if (avatarFileId) await this.avatars.lockOwned(tx, userId, avatarFileId);
      const profile = await tx.profile.upsert({
        where: { userId },
        create: { userId, ...changes },
        update: changes,
        include: { avatarFile: true },
      });
      // Gamification keeps streaks in the learner's timezone, and later the reminders.
      await this.events.stage(tx, 'PROFILE_UPDATED', { userId, locale: profile.locale, timezone: profile.timezone });
      return view(profile);
    });
  }
}
