/** The parent types of the resolvers (codegen.ts maps the GraphQL types to these). */
import type {
  Quest as QuestRow,
  QuestProgress as QuestProgressRow,
  QuestStep as QuestStepRow,
} from './generated/prisma/client.ts';

export type Quest = QuestRow;

/**
 * A step with its quest's author: the questAuthor policy decides on the parent alone (policies
 * get no request context, hence no loaders), so whoever resolves a step attaches the author of the
 * quest it already holds.
 */
export type QuestStep = QuestStepRow & { authorId: string };

export const stepOf = (step: QuestStepRow, quest: Pick<Quest, 'authorId'>): QuestStep => ({ ...step, authorId: quest.authorId });

export type QuestProgress = QuestProgressRow;

/** A completed run, as `questCompletion` and the `questCompleted` subscription deliver it. */
export interface QuestCompletion {
  progressId: string;
  questId: string;
  userId: string;
  score: number;
  xpAwarded: number;
  completedAt: Date;
}
