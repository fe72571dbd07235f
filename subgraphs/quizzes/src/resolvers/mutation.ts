import { requireViewer } from '#platform/auth/viewer.ts';
import type { MutationResolvers } from '../generated/graphql.ts';
import { forgetAttempt, forgetQuiz } from '../loaders.ts';

export const Mutation: MutationResolvers = {
  createQuiz: (_parent, { input }, { services, viewer }) => services.authoring.createQuiz(requireViewer(viewer), input),
  addQuestion: async (_parent, { quizId, input }, { services, viewer, loaders }) => {
    const question = await services.authoring.addQuestion(requireViewer(viewer), quizId, input);
    forgetQuiz(loaders, { id: question.quizId });
    return question;
  },
  updateQuestion: async (_parent, { id, input }, { services, viewer, loaders }) => {
    const question = await services.authoring.updateQuestion(requireViewer(viewer), id, input);
    forgetQuiz(loaders, { id: question.quizId });
    return question;
  },
  removeQuestion: async (_parent, { id }, { services, viewer, loaders }) => {
    const quiz = await services.authoring.removeQuestion(requireViewer(viewer), id);
    forgetQuiz(loaders, quiz);
    return quiz;
  },
  publishQuiz: async (_parent, { id }, { services, viewer, loaders }) => {
    const quiz = await services.authoring.publishQuiz(requireViewer(viewer), id);
    forgetQuiz(loaders, quiz);
    return quiz;
  },
  startQuizAttempt: async (_parent, { quizId }, { services, viewer, loaders }) => {
    const attempt = await services.attempts.start(requireViewer(viewer), quizId);
    forgetAttempt(loaders, attempt);
    return attempt;
  },
  answerQuestion: async (_parent, { attemptId, questionId, answer }, { services, viewer, loaders }) => {
    const attempt = await services.attempts.answer(requireViewer(viewer), { attemptId, questionId, answer });
    forgetAttempt(loaders, attempt);
    return attempt;
  },
  submitQuizAttempt: async (_parent, { attemptId }, { services, viewer, loaders }) => {
    const attempt = await services.attempts.submit(requireViewer(viewer), attemptId);
    forgetAttempt(loaders, attempt);
    return attempt;
  },
};
