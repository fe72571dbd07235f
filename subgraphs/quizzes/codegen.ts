import { model, prisma, reference } from '../../codegen.ts';

export const mappers = {
  User: reference,
  Course: reference,
  Lesson: reference,
  Quiz: model('QuizView'),
  Question: model('QuestionView'),
  QuizAnswer: model('AnswerView'),
  QuizAttempt: prisma('QuizAttempt'),
  QuizResults: model('QuizResultsView'),
  QuestionResult: model('QuestionResultView'),
};
