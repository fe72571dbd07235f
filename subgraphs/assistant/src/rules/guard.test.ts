import { describe, expect, it } from '@jest/globals';
import { guardedWork, stageAfter } from './guard.ts';

const quest = { source: 'QUEST', subjectId: 'q1', courseId: 'c1', lessonId: null };
const quizOnLesson = { source: 'QUIZ', subjectId: 'z1', courseId: 'c1', lessonId: 'l1' };
const quizOnCourse = { source: 'QUIZ', subjectId: 'z2', courseId: 'c2', lessonId: null };
const scope = { citedQuestIds: [], citedLessonIds: [] };

describe('stageAfter', () => {
  it('goes nudge, concept, partial, and stays at partial', () => {
    expect([0, 1, 2, 3, 10, -1].map(stageAfter)).toEqual(['NUDGE', 'CONCEPT', 'PARTIAL', 'PARTIAL', 'PARTIAL', 'NUDGE']);
  });
});

describe('guardedWork', () => {
  it('applies to the quest asked from, or one whose steps the question cites', () => {
    expect(guardedWork([quest], { ...scope, questId: 'q1' })).toBe(quest);
    expect(guardedWork([quest], { ...scope, citedQuestIds: ['q1'] })).toBe(quest);
    expect(guardedWork([quest], { ...scope, questId: 'q2', courseId: 'c1' })).toBeUndefined();
  });

  it('applies a quiz attempt to its lesson, or to its course when it has no lesson', () => {
    expect(guardedWork([quizOnLesson], { ...scope, lessonId: 'l1' })).toBe(quizOnLesson);
    expect(guardedWork([quizOnLesson], { ...scope, citedLessonIds: ['l1'] })).toBe(quizOnLesson);
    expect(guardedWork([quizOnLesson], { ...scope, courseId: 'c1' })).toBeUndefined();
    expect(guardedWork([quizOnCourse], { ...scope, courseId: 'c2' })).toBe(quizOnCourse);
    expect(guardedWork([quizOnCourse], scope)).toBeUndefined();
  });
});
