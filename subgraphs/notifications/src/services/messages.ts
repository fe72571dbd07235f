/**
 * What each notifying event says to the learner, rendered from message keys (namespace
 * `notifications`, badge names from `badges`) by a `Texts` function in the recipient's locale:
 * pure, so the wording is unit-tested.
 */
import type { EventName } from '#platform/events/catalog.ts';
import type { EventOf } from '#platform/events/envelope.ts';
import type { MessageValues } from '#libs/i18n/format.ts';
import type { NotificationKind } from '../generated/prisma/client.ts';

export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  badgeId: string | null;
  badgeSlug: string | null;
}

export const NOTIFYING_EVENTS = [
  'ACHIEVEMENT_UNLOCKED',
  'LEVEL_REACHED',
  'COURSE_COMPLETED',
] as const satisfies readonly EventName[];
export type NotifyingEvent = EventOf<(typeof NOTIFYING_EVENTS)[number]>;

/** A message of `namespace` formatted in the recipient's locale; undefined when no locale has the key. */
export type Texts = (namespace: 'notifications' | 'badges', key: string, values?: MessageValues) => string | undefined;

/** The notification an event asks for, in the language `texts` speaks. */
export function notificationFor(event: NotifyingEvent, texts: Texts): NotificationDraft {
  const say = (key: string, values: MessageValues) => texts('notifications', key, values) ?? key;
  switch (event.name) {
    case 'ACHIEVEMENT_UNLOCKED': {
      const { userId, badgeId, badgeSlug } = event.payload;
      // A badge the catalog does not know yet keeps the name gamification gave it.
      const badgeName = texts('badges', `${badgeSlug}.name`) ?? event.payload.badgeName;
      const badgeDescription = texts('badges', `${badgeSlug}.description`) ?? event.payload.badgeDescription;
      return {
        userId,
        kind: 'BADGE_UNLOCKED',
        title: say('badgeUnlocked.title', { badgeName }),
        body: say('badgeUnlocked.body', { badgeName, badgeDescription }),
        badgeId,
        badgeSlug,
      };
    }
    case 'LEVEL_REACHED': {
      const { userId, level, totalXp } = event.payload;
      return {
        userId,
        kind: 'LEVEL_UP',
        title: say('levelUp.title', { level, totalXp }),
        body: say('levelUp.body', { level, totalXp }),
        badgeId: null,
        badgeSlug: null,
      };
    }
    case 'COURSE_COMPLETED': {
      const { userId, courseTitle } = event.payload;
      return {
        userId,
        kind: 'COURSE_COMPLETED',
        title: say('courseCompleted.title', { courseTitle }),
        body: say('courseCompleted.body', { courseTitle }),
        badgeId: null,
        badgeSlug: null,
      };
    }
  }
}
