import { choiceLabel } from '#libs/python-answers/answer-checker.ts';
import { mustLoad } from '#platform/graphql/loaders.ts';
import { referenceTo } from '#platform/graphql/reference.ts';
import type {
  CourseResolvers,
  LessonResolvers,
  QuestionResolvers,
  QuizAnswerResolvers,
  QuizAttemptResolvers,
  QuizResolvers,
  UserResolvers,
} from '../generated/graphql.ts';
import { isGraded, questionView } from '../models.ts';
import { choicesOf } from '../rules/answers.ts';
import { canSee, isAuthor } from '../services/access.ts';

export const Quiz: QuizResolvers = {
  __resolveReference: async ({ id }, { loaders, viewer }) => {
    const quiz = await loaders.quiz.load(id);
    return quiz && canSee(quiz, viewer) ? quiz : null;
  },
  course: ({ courseId }) => ({ id: courseId }),
  lesson: ({ lessonId }) => referenceTo(lessonId),
  questions: async (quiz, _args, { loaders }) =>
    (await loaders.questionsByQuiz.load(quiz.id)).map((question) => questionView(question, quiz.ownerId, true)),
  questionCount: async ({ id }, _args, { loaders }) => (await loaders.questionsByQuiz.load(id)).length,
  totalPoints: async ({ id }, _args, { loaders }) =>
    (await loaders.questionsByQuiz.load(id)).reduce((sum, question) => sum + question.points, 0),
};

export const Question: QuestionResolvers = {
  choices: (question) => choicesOf(question).map((text, index) => ({ label: choiceLabel(index), text })),
  explanation: (question, _args, { viewer }) =>
    question.revealed || isAuthor(viewer, question.ownerId) ? question.explanation : null,
};

export const QuizAttempt: QuizAttemptResolvers = {
  quiz: ({ quizId }, _args, { loaders }) => mustLoad(loaders.quiz, quizId, 'Quiz'),
  user: ({ userId }) => ({ id: userId }),
  answers: async (attempt, _args, { loaders }) => {
    const [quiz, items] = await Promise.all([
      mustLoad(loaders.quiz, attempt.quizId, 'Quiz'),
      loaders.itemsByAttempt.load(attempt.id),
    ]);
    const graded = isGraded(attempt);
    return items.map((item) => ({ ...item, question: questionView(item.question, quiz.ownerId, graded), graded }));
  },
};

export const QuizAnswer: QuizAnswerResolvers = {
  correct: (answer) => (answer.graded ? answer.correct : null),
  pointsAwarded: (answer) => (answer.graded ? answer.pointsAwarded : null),
};

export const User: UserResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  quizAttempts: async ({ id }, { quizId }, { loaders }) =>
    (await loaders.attemptsByUser.load(id)).filter((attempt) => !quizId || attempt.quizId === quizId),
};

export const Course: CourseResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  quizzes: async ({ id }, _args, { loaders, viewer }) =>
    (await loaders.quizzesByCourse.load(id)).filter((quiz) => canSee(quiz, viewer)),
};

export const Lesson: LessonResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  quiz: async ({ id }, _args, { loaders, viewer }) => {
    const quiz = await loaders.quizByLesson.load(id);
    return quiz && canSee(quiz, viewer) ? quiz : null;
  },
};
