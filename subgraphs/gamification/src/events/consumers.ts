/**
 * What gamification listens to. The platform runs each consumer with its delivery guarantees
 * (validation, inbox row in the handler's transaction, retries, dead letters): handlers only
 * describe the effects.
 */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { GamificationTx } from '../db.ts';
import { PROGRESS_EVENTS, progressOf } from '../rules/xp.ts';
import type { GamificationServices } from '../services/index.ts';

/** Quests, lessons and courses completed: XP, level, streak, badges, then the leaderboards. */
export const progressConsumer = ({
  progress,
  leaderboards,
}: GamificationServices): EventConsumer<GamificationTx, (typeof PROGRESS_EVENTS)[number]> => ({
  name: 'gamification-progress',
  events: PROGRESS_EVENTS,
  // XP, level and badges are pushed to the learner (leaderboard, notifications).
  urgency: 'effect',
  async handle(event, { tx }) {
    await progress.record(tx, event);
  },
  // Redis and the live signal are not transactional: they follow the commit, with the scores the
  // handler's statements returned.
  async afterCommit(event) {
    const { userId, xp, courseId } = progressOf(event);
    if (xp > 0) await leaderboards.afterXp(userId, courseId, progress.takeScoreChange(event.id));
  },
});

/** Profile changes: the timezone in which streak days are counted. */
export const profilesConsumer = ({ progress }: GamificationServices): EventConsumer<GamificationTx, 'PROFILE_UPDATED'> => ({
  name: 'gamification-profiles',
  events: ['PROFILE_UPDATED'],
  async handle(event, { tx, log }) {
    await progress.setTimezone(tx, event.payload.userId, event.payload.timezone, log);
  },
});

export const gamificationConsumers = (services: GamificationServices) => [progressConsumer(services), profilesConsumer(services)];
