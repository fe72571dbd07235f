/**
 * The event catalog: every domain event of DoctorPy with its version, owning subgraph and payload
 * schema. Publishers stage payloads that pass the schema; consumers validate what they receive
 * (an event that fails is dead-lettered, never half-handled). A breaking payload change gets a
 * new version, and consumers handle both until the old one is gone from the stream.
 */
import { z } from 'zod';
import { ROLES } from '../auth/viewer.ts';

const id = z.string().min(1).max(200);
const percent = z.number().int().min(0).max(100);

interface EventDefinition {
  version: number;
  owner: string;
  description: string;
  payload: z.ZodObject;
}

export const eventCatalog = {
  USER_REGISTERED: {
    version: 1,
    owner: 'accounts',
    description: 'An account was created.',
    payload: z.object({ userId: id, displayName: z.string(), role: z.enum(ROLES) }),
  },
  USER_AUTHENTICATED: {
    version: 1,
    owner: 'accounts',
    description: 'A user signed in with their password.',
    payload: z.object({ userId: id, sessionId: id }),
  },
  PROFILE_UPDATED: {
    version: 1,
    owner: 'profiles',
    description: "A user's locale or timezone may have changed.",
    payload: z.object({ userId: id, locale: z.string(), timezone: z.string() }),
  },
  COURSE_PUBLISHED: {
    version: 1,
    owner: 'courses',
    description: 'A course became public (first publication only).',
    payload: z.object({ courseId: id, instructorId: id, title: z.string(), slug: z.string() }),
  },
  ENROLLMENT_CREATED: {
    version: 1,
    owner: 'courses',
    description: 'A learner enrolled in a course.',
    payload: z.object({ enrollmentId: id, userId: id, courseId: id }),
  },
  LESSON_COMPLETED: {
    version: 1,
    owner: 'courses',
    description: 'A learner completed a lesson for the first time.',
    payload: z.object({ enrollmentId: id, userId: id, courseId: id, lessonId: id, progressPercent: percent }),
  },
  COURSE_COMPLETED: {
    version: 1,
    owner: 'courses',
    description: 'A learner completed every lesson of a course.',
    payload: z.object({ enrollmentId: id, userId: id, courseId: id, courseTitle: z.string() }),
  },
  QUEST_STARTED: {
    version: 1,
    owner: 'quests',
    description: 'A learner started a quest.',
    payload: z.object({ progressId: id, userId: id, questId: id, questSlug: z.string() }),
  },
  QUEST_COMPLETED: {
    version: 1,
    owner: 'quests',
    description: 'A learner answered every step of a quest; xpAwarded is 0 after the first completion.',
    payload: z.object({
      progressId: id,
      userId: id,
      questId: id,
      questSlug: z.string(),
      questTitle: z.string(),
      score: percent,
      xpAwarded: z.number().int().min(0),
      firstCompletion: z.boolean(),
      courseId: id.nullable(),
    }),
  },
  XP_AWARDED: {
    version: 1,
    owner: 'gamification',
    description: 'XP was added to a learner (one ledger entry).',
    payload: z.object({
      userId: id,
      amount: z.number().int().positive(),
      totalXp: z.number().int().min(0),
      reason: z.enum(['QUEST_COMPLETED', 'LESSON_COMPLETED', 'COURSE_COMPLETED']),
      sourceEventId: id,
      courseId: id.nullable(),
    }),
  },
  LEVEL_REACHED: {
    version: 1,
    owner: 'gamification',
    description: 'A learner reached a new level.',
    payload: z.object({ userId: id, level: z.number().int().min(2), totalXp: z.number().int().min(0) }),
  },
  ACHIEVEMENT_UNLOCKED: {
    version: 1,
    owner: 'gamification',
    description: 'A learner earned a badge.',
    payload: z.object({ userId: id, badgeId: id, badgeSlug: z.string(), badgeName: z.string(), badgeDescription: z.string() }),
  },
  NOTIFICATION_CREATED: {
    version: 1,
    owner: 'notifications',
    description: 'An in-app notification was created for a user.',
    payload: z.object({ notificationId: id, userId: id, kind: z.string() }),
  },
} as const satisfies Record<string, EventDefinition>;

export type EventName = keyof typeof eventCatalog;
export type EventPayload<N extends EventName> = z.infer<(typeof eventCatalog)[N]['payload']>;
export const EVENT_NAMES = Object.keys(eventCatalog) as EventName[];
export const isEventName = (name: string): name is EventName => Object.hasOwn(eventCatalog, name);
