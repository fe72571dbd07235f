import { mustLoad } from '#platform/graphql/loaders.ts';
import { referenceTo } from '#platform/graphql/reference.ts';
import { choiceLabel } from '#libs/python-answers/answer-checker.ts';
import type {
  Context,
  CourseResolvers,
  QuestCompletionResolvers,
  QuestProgressResolvers,
  QuestResolvers,
  QuestStepResolvers,
  UserResolvers,
} from '../generated/graphql.ts';
import { stepOf, type QuestProgress as QuestProgressModel } from '../models.ts';
import { stepStates } from '../services/scoring.ts';

/** Each step of a run's quest with the learner's attempts on it, in order. */
async function runSteps({ id, questId }: QuestProgressModel, { loaders }: Context) {
  const [quest, steps, answers] = await Promise.all([
    mustLoad(loaders.quest, questId, 'Quest'),
    loaders.stepsByQuest.load(questId),
    loaders.answersByRun.load(id),
  ]);
  const states = stepStates(
    steps.map((step) => step.id),
    answers,
  );
  return steps.map((step, index) => ({
    step: stepOf(step, quest),
    attempts: states[index]!.attempts,
    solved: states[index]!.solved,
  }));
}

export const Quest: QuestResolvers = {
  __resolveReference: async ({ id }, { loaders }) => (await loaders.quest.load(id)) ?? null,
  steps: async (quest, _args, { loaders }) => (await loaders.stepsByQuest.load(quest.id)).map((step) => stepOf(step, quest)),
  stepCount: async ({ id }, _args, { loaders }) => (await loaders.stepsByQuest.load(id)).length,
  course: ({ courseId }) => referenceTo(courseId),
  author: ({ authorId }) => ({ id: authorId }),
  viewerProgress: async ({ id }, _args, { loaders, viewer }) =>
    viewer ? loaders.latestRun.load(`${viewer.userId}:${id}`) : null,
};

export const QuestStep: QuestStepResolvers = {
  choices: ({ choices }) => choices.map((text, index) => ({ label: choiceLabel(index), text })),
};

export const QuestProgress: QuestProgressResolvers = {
  quest: ({ questId }, _args, { loaders }) => mustLoad(loaders.quest, questId, 'Quest'),
  user: ({ userId }) => ({ id: userId }),
  steps: (run, _args, context) => runSteps(run, context),
  currentStep: async (run, _args, context) =>
    run.status === 'COMPLETED' ? null : ((await runSteps(run, context)).find((state) => !state.solved)?.step ?? null),
};

export const QuestCompletion: QuestCompletionResolvers = {
  quest: ({ questId }, _args, { loaders }) => mustLoad(loaders.quest, questId, 'Quest'),
  user: ({ userId }) => ({ id: userId }),
};

export const User: UserResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  questProgress: async ({ id }, { status }, { loaders }) =>
    (await loaders.runsByUser.load(id)).filter((run) => !status || run.status === status),
  questsCompleted: ({ id }, _args, { loaders }) => loaders.questsCompleted.load(id),
};

export const Course: CourseResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  quests: ({ id }, _args, { loaders }) => loaders.questsByCourse.load(id),
};
