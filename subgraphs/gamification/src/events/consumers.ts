/**
 * What gamification listens to. The platform runs each consumer with its delivery guarantees
 * (validation, inbox row in the handler's transaction, retries, dead letters): handlers only
 * describe the effects.
 */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { GamificationTx } from '../db.ts';
import { isProgressEvent, PROGRESS_EVENTS, progressOf } from '../rules/xp.ts';
import type { GamificationServices } from '../services/index.ts';

/** Quests, lessons and courses completed: XP, level, streak, badges, then the leaderboards. */
export const progressConsumer = ({ progress, leaderboards }: GamificationServices): EventConsumer<GamificationTx> => ({
  name: 'gamification-progress',
  events: PROGRESS_EVENTS,
  async handle(event, { tx }) {
    if (isProgressEvent(event)) await progress.record(tx, event);
  },
  // Redis and the live signal are not transactional: they follow the commit.
  async afterCommit(event) {
    if (!isProgressEvent(event)) return;
    const { userId, xp, courseId } = progressOf(event);
    if (xp > 0) await leaderboards.afterXp(userId, courseId);
  },
});

/** Profile changes: the timezone in which streak days are counted. */
export const profilesConsumer = ({ progress }: GamificationServices): EventConsumer<GamificationTx> => ({
  name: 'gamification-profiles',
  events: ['PROFILE_UPDATED'],
  async handle(event, { tx, log }) {
    if (event.name === 'PROFILE_UPDATED') await progress.setTimezone(tx, event.payload.userId, event.payload.timezone, log);
  },
});

export const gamificationConsumers = (services: GamificationServices) => [progressConsumer(services), profilesConsumer(services)];
