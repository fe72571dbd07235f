import { describe, expect, it } from '@jest/globals';
import { applyProgress, type LearnerState } from './learner.ts';
import type { Progress } from './xp.ts';

const newcomer: LearnerState = {
  totalXp: 0,
  level: 1,
  currentStreak: 0,
  longestStreak: 0,
  freezesLeft: 2,
  lastActiveDay: null,
  timezone: 'UTC',
  questsCompleted: 0,
  perfectQuests: 0,
  lessonsCompleted: 0,
  coursesCompleted: 0,
  quizAces: 0,
};
const quest = (overrides: Partial<Progress> = {}): Progress => ({
  userId: 'u1',
  xp: 120,
  reason: 'QUEST_COMPLETED',
  courseId: null,
  occurredAt: new Date('2026-11-20T10:00:00Z'),
  firstQuestCompletion: true,
  perfectQuestId: null,
  lessonCompleted: false,
  courseCompleted: false,
  quizAce: false,
  ...overrides,
});

describe('applyProgress', () => {
  it('adds XP, raises the level, starts the streak and counts the quest', () => {
    const { next, levelReached } = applyProgress(newcomer, quest(), false);
    expect(next).toMatchObject({ totalXp: 120, level: 2, currentStreak: 1, lastActiveDay: '2026-11-20', questsCompleted: 1 });
    expect(levelReached).toBe(2);
  });

  it('reports the highest level reached when one event crosses several', () => {
    expect(applyProgress(newcomer, quest({ xp: 650 }), false).levelReached).toBe(4);
    expect(applyProgress({ ...newcomer, totalXp: 120, level: 2 }, quest({ xp: 10 }), false).levelReached).toBeNull();
  });

  it('counts a repeated quest (0 XP) nowhere but in perfect scores, and keeps the streak as it is', () => {
    const before = { ...newcomer, totalXp: 200, level: 2, currentStreak: 3, longestStreak: 3, lastActiveDay: '2026-11-18' };
    const { next, levelReached } = applyProgress(
      before,
      quest({ xp: 0, firstQuestCompletion: false, perfectQuestId: 'q1' }),
      true,
    );
    expect(next).toEqual({ ...before, perfectQuests: 1 });
    expect(levelReached).toBeNull();
  });

  it('counts the streak day in the learner timezone', () => {
    const inTokyo = { ...newcomer, timezone: 'Asia/Tokyo' };
    const { next } = applyProgress(inTokyo, quest({ occurredAt: new Date('2026-11-20T16:00:00Z') }), false);
    expect(next.lastActiveDay).toBe('2026-11-21');
  });

  it('counts lessons and courses', () => {
    const lesson = applyProgress(
      newcomer,
      quest({ reason: 'LESSON_COMPLETED', xp: 10, firstQuestCompletion: false, lessonCompleted: true }),
      false,
    );
    expect(lesson.next).toMatchObject({ lessonsCompleted: 1, questsCompleted: 0, totalXp: 10 });
    const course = applyProgress(
      lesson.next,
      quest({ reason: 'COURSE_COMPLETED', xp: 100, firstQuestCompletion: false, courseCompleted: true }),
      false,
    );
    expect(course.next).toMatchObject({ lessonsCompleted: 1, coursesCompleted: 1, totalXp: 110, level: 2 });
  });

  it('counts a quiz aced (100 on the first attempt) once, on top of its XP', () => {
    const passed = quest({ reason: 'QUIZ_PASSED', xp: 50, firstQuestCompletion: false });
    const plain = applyProgress(newcomer, passed, false);
    expect(plain.next).toMatchObject({ totalXp: 50, quizAces: 0, questsCompleted: 0 });
    const aced = applyProgress(plain.next, { ...passed, quizAce: true }, false);
    expect(aced.next).toMatchObject({ totalXp: 100, quizAces: 1, level: 2 });
  });
});
