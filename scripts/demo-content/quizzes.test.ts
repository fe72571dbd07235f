/**
 * The demo quizzes are valid quizzes (the API's own validation), attached to a lesson of their
 * course, mixing kinds of questions, and a learner answering with the accepted answers scores 100.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { PATTERN_PREFIX } from '#libs/python-answers/answer-checker.ts';
import { isCorrect, readAnswer } from '../../subgraphs/quizzes/src/rules/answers.ts';
import { gradeAttempt } from '../../subgraphs/quizzes/src/rules/grading.ts';
import { createQuizInput, questionInput } from '../../subgraphs/quizzes/src/services/inputs.ts';
import { DEMO_COURSES, readDemoQuizzes } from './quizzes.ts';
import { COURSES_DIR, demoCourseSlugs, readLesson } from './seed.ts';

const quizzes = readDemoQuizzes();

const lessonTitles = (slug: string): string[] => {
  const spec = parse(readFileSync(join(COURSES_DIR, slug, 'course.yaml'), 'utf8')) as {
    modules: Array<{ lessons: Array<{ file: string }> }>;
  };
  return spec.modules.flatMap((module) => module.lessons).map((lesson) => readLesson(join(COURSES_DIR, slug), lesson.file).title);
};

it('gives every demo course one quiz', () => {
  // The courses the demo seeds (the course folders), not a list kept beside them.
  const courses = demoCourseSlugs();
  expect(courses.length).toBeGreaterThan(0);
  expect(quizzes.map((quiz) => quiz.course)).toEqual(courses);
  // The quiz files' schema names the same courses.
  expect([...DEMO_COURSES].sort()).toEqual(courses);
});

describe.each(quizzes.map((quiz) => [quiz.course, quiz] as const))('%s', (slug, quiz) => {
  const parsed = quiz.questions.map((question) => questionInput.safeParse(question));

  it('is a valid createQuiz input on a lesson of its course', () => {
    const { course: _course, lesson, questions: _questions, ...settings } = quiz;
    const input = createQuizInput.safeParse({ ...settings, courseId: 'course-id', lessonId: 'lesson-id' });
    expect(input.error?.issues ?? []).toEqual([]);
    expect(lessonTitles(slug)).toContain(lesson);
  });

  it('has at least six valid questions of at least four kinds, each explained', () => {
    expect(parsed.flatMap((result, index) => (result.error?.issues ?? []).map((issue) => ({ index, ...issue })))).toEqual([]);
    expect(quiz.questions.length).toBeGreaterThanOrEqual(6);
    expect(new Set(quiz.questions.map((question) => question.kind)).size).toBeGreaterThanOrEqual(4);
    expect(quiz.questions.every((question) => question.explanation.length > 20)).toBe(true);
  });

  it('scores 100 for a learner answering with any accepted answer, and less for a wrong choice', () => {
    const items = parsed.map((result, index) => {
      const question = { ...result.data!, tolerance: result.data!.tolerance };
      const written = quiz.questions[index]!.acceptedAnswers.filter((accepted) => !accepted.startsWith(PATTERN_PREFIX));
      for (const accepted of written) {
        const values = question.kind === 'MULTIPLE_CHOICE' ? question.acceptedAnswers : [accepted];
        const reading = readAnswer(question, values);
        expect({ accepted, reading: reading.ok, correct: reading.ok && isCorrect(question, reading.values) }).toEqual({
          accepted,
          reading: true,
          correct: true,
        });
      }
      return { questionId: String(index), question, selected: question.acceptedAnswers };
    });
    expect(gradeAttempt(items, quiz.passingScore)).toMatchObject({ score: 100, passed: true });
    // Every choice question has a wrong choice to pick.
    const withChoices = items.filter((item) => item.question.choices.length);
    expect(withChoices.filter((item) => item.question.choices.length <= item.question.acceptedAnswers.length)).toEqual([]);
    const wrong = items.map((item) =>
      item.question.kind === 'TRUE_FALSE' ? { ...item, selected: item.selected[0] === 'true' ? ['false'] : ['true'] } : item,
    );
    expect(gradeAttempt(wrong, quiz.passingScore).score).toBeLessThan(100);
  });
});

it('lets the code patterns accept other names, and only the right code', () => {
  const patterned = quizzes.flatMap((quiz) =>
    quiz.questions.filter((question) => question.acceptedAnswers.some((accepted) => accepted.startsWith(PATTERN_PREFIX))),
  );
  expect(patterned).toHaveLength(2);
  const [loop, lambda] = patterned.map((question) => ({ ...questionInput.parse(question), tolerance: null }));
  expect(isCorrect(loop!, ['for _ in range(10):'])).toBe(true);
  expect(isCorrect(loop!, ['for n in range(0, 10):  # ten times'])).toBe(true);
  expect(isCorrect(loop!, ['for i in range(9):'])).toBe(false);
  expect(isCorrect(lambda!, ['double = lambda n: 2 * n'])).toBe(true);
  expect(isCorrect(lambda!, ['double=lambda v:v+v'])).toBe(true);
  expect(isCorrect(lambda!, ['double = lambda x: x * 3'])).toBe(false);
});

it('refuses a file that is not a quiz, or named after another course', () => {
  const directory = mkdtempSync(join(tmpdir(), 'quizzes-'));
  writeFileSync(join(directory, 'python-basics.yaml'), 'course: python-basics\ntitle: Broken\n');
  expect(() => readDemoQuizzes(directory)).toThrow(/^python-basics\.yaml:/);
  const other = mkdtempSync(join(tmpdir(), 'quizzes-'));
  writeFileSync(join(other, 'python-functions.yaml'), JSON.stringify(quizzes[0]));
  expect(() => readDemoQuizzes(other)).toThrow('python-functions.yaml: its course is python-basics');
});
