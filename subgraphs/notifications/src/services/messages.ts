/** What each notifying event says to the learner: pure, so the wording is unit-tested. */
import type { EventName } from '#platform/events/catalog.ts';
import type { EventOf } from '#platform/events/envelope.ts';
import type { NotificationKind } from '../generated/prisma/client.ts';

export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  badgeId: string | null;
}

export const NOTIFYING_EVENTS = [
  'ACHIEVEMENT_UNLOCKED',
  'LEVEL_REACHED',
  'COURSE_COMPLETED',
] as const satisfies readonly EventName[];
export type NotifyingEvent = EventOf<(typeof NOTIFYING_EVENTS)[number]>;

const formatXp = (xp: number) => `${xp.toLocaleString('en-US')} XP`;

/** The notification an event asks for. */
export function notificationFor(event: NotifyingEvent): NotificationDraft {
  switch (event.name) {
    case 'ACHIEVEMENT_UNLOCKED': {
      const { userId, badgeId, badgeName, badgeDescription } = event.payload;
      return { userId, kind: 'BADGE_UNLOCKED', title: `Badge unlocked: ${badgeName}`, body: badgeDescription, badgeId };
    }
    case 'LEVEL_REACHED': {
      const { userId, level, totalXp } = event.payload;
      return {
        userId,
        kind: 'LEVEL_UP',
        title: `Level ${level} reached!`,
        body: `You now have ${formatXp(totalXp)} in total. Keep going!`,
        badgeId: null,
      };
    }
    case 'COURSE_COMPLETED': {
      const { userId, courseTitle } = event.payload;
      return {
        userId,
        kind: 'COURSE_COMPLETED',
        title: `Course completed: ${courseTitle}`,
        body: `Congratulations! You completed every lesson of "${courseTitle}".`,
        badgeId: null,
      };
    }
  }
}
