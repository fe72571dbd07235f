/**
 * Streaks through events, in the learner's timezone (learned from PROFILE_UPDATED): days counted
 * at local midnight, a freeze bridging a missed day, a lapsed streak shown as 0, the 7-day badge.
 * Days are relative to today, since a streak is shown as of today.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { eventually, startTestStack, type TestStack } from '#gateway/testing/stack.ts';
import { daysBetween, localDay } from '../src/rules/calendar.ts';
import { LESSON_XP } from '../src/rules/xp.ts';
import {
  addDays,
  envelope,
  gamification,
  learnerWhen,
  lessonCompleted,
  publish,
  questCompleted,
  zonedInstant,
} from './support.ts';

let platform: TestStack;

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'gamification'] });
});
afterAll(() => platform?.close());

async function setTimezone(userId: string, timezone: string) {
  await publish(platform, envelope('PROFILE_UPDATED', { userId, locale: 'en', timezone }));
}

const timezoneOf = (userId: string) =>
  eventually(async () => (await gamification(platform).learners.stats(userId))?.timezone, 10_000, 'the timezone');

it('counts days in the learner timezone and bridges one missed day with a freeze', async () => {
  const zone = 'America/Los_Angeles';
  const { id } = await platform.signUp('STUDENT', 'Lou Angeles');
  await setTimezone(id, zone);
  expect(await timezoneOf(id)).toBe(zone);

  const today = localDay(new Date(), zone);
  const at = (offset: number, time: string) => zonedInstant(addDays(today, offset), time, zone);
  // 23:30 in Los Angeles is already the next day in UTC: in UTC these two would be one day.
  const events = [
    questCompleted(id, { xp: 10, at: at(-4, '23:30') }),
    questCompleted(id, { xp: 10, at: at(-3, '08:00') }),
    // Day -2 missed: a freeze bridges it.
    questCompleted(id, { xp: 10, at: at(-1, '12:00') }),
    questCompleted(id, { xp: 10, at: at(0, '00:01') }),
  ];
  expect(localDay(new Date(events[0]!.occurredAt), 'UTC')).toBe(addDays(today, -3));
  for (const event of events) await publish(platform, event);

  const fields = await learnerWhen(platform, id, (user) => user.xp === 40, 'four quests counted');
  expect(fields.streak).toEqual({ current: 4, longest: 4, freezesLeft: 1, lastActiveDay: today });
});

it('restarts after a missed day with no freeze left', async () => {
  const zone = 'Asia/Tokyo';
  const { id } = await platform.signUp();
  await setTimezone(id, zone);
  await timezoneOf(id);
  const today = localDay(new Date(), zone);
  const at = (offset: number) => zonedInstant(addDays(today, offset), '09:00', zone);
  // Gaps at -8 and -6 use both freezes; the gap at -2 breaks the streak.
  for (const offset of [-9, -7, -5, -4, -3, -1, 0]) await publish(platform, questCompleted(id, { xp: 5, at: at(offset) }));
  const fields = await learnerWhen(platform, id, (user) => user.xp === 35, 'seven quests counted');
  expect(fields.streak).toEqual({ current: 2, longest: 5, freezesLeft: 0, lastActiveDay: today });
});

it('earns streak-7 and a freeze after seven days in a row', async () => {
  const { id } = await platform.signUp();
  const today = localDay(new Date(), 'UTC');
  // Lessons, so that no other badge comes with it.
  for (let offset = -6; offset <= 0; offset += 1) {
    await publish(platform, lessonCompleted(id, 'course-streaks', zonedInstant(addDays(today, offset), '12:00', 'UTC')));
  }
  const fields = await learnerWhen(platform, id, (user) => user.xp === 7 * LESSON_XP);
  expect(fields.streak).toEqual({ current: 7, longest: 7, freezesLeft: 3, lastActiveDay: today });
  expect(fields.badges.map((badge) => badge.slug)).toEqual(['streak-7']);
});

it('shows a streak that can no longer be continued as 0, keeping the longest', async () => {
  const { id } = await platform.signUp();
  const today = localDay(new Date(), 'UTC');
  for (const offset of [-6, -5]) {
    await publish(platform, questCompleted(id, { xp: 5, at: zonedInstant(addDays(today, offset), '12:00', 'UTC') }));
  }
  const fields = await learnerWhen(platform, id, (user) => user.xp === 10);
  expect(fields.streak).toEqual({ current: 0, longest: 2, freezesLeft: 2, lastActiveDay: addDays(today, -5) });
});

it('falls back to UTC for a timezone it does not know, and canonicalises the ones it does', async () => {
  const [unknown, lowerCase] = [await platform.signUp(), await platform.signUp()];
  await setTimezone(unknown.id, 'Mars/Olympus_Mons');
  await setTimezone(lowerCase.id, 'europe/paris');
  expect(await timezoneOf(unknown.id)).toBe('UTC');
  expect(await timezoneOf(lowerCase.id)).toBe('Europe/Paris');
});

it('keeps the streak of a later timezone change on the days already counted', async () => {
  const { id } = await platform.signUp();
  const today = localDay(new Date(), 'UTC');
  await publish(platform, questCompleted(id, { xp: 5, at: zonedInstant(addDays(today, -1), '12:00', 'UTC') }));
  await learnerWhen(platform, id, (user) => user.xp === 5);
  await setTimezone(id, 'Pacific/Auckland');
  await eventually(async () =>
    (await gamification(platform).learners.stats(id))?.timezone === 'Pacific/Auckland' ? true : undefined,
  );
  const nzToday = localDay(new Date(), 'Pacific/Auckland');
  await publish(platform, questCompleted(id, { xp: 5, at: zonedInstant(nzToday, '09:00', 'Pacific/Auckland') }));
  const fields = await learnerWhen(platform, id, (user) => user.xp === 10);
  // Auckland is 12-13 hours ahead of UTC: its today is UTC's today or tomorrow. Either the next day
  // (streak +1) or one missed day (bridged by a freeze): the streak goes on.
  const gap = daysBetween(addDays(today, -1), nzToday);
  expect(fields.streak).toEqual({ current: 2, longest: 2, freezesLeft: gap === 1 ? 2 : 1, lastActiveDay: nzToday });
});
