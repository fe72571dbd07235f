/** Per-request DataLoaders: lists of any length cost one SQL statement per level. */
import DataLoader from 'dataloader';
import { byId, groupedBy } from '#platform/graphql/loaders.ts';
import type { QuestsServices } from './services/index.ts';

export const createQuestsLoaders = ({ catalog, runs }: QuestsServices) => ({
  quest: new DataLoader(byId((ids) => catalog.questsByIds(ids))),
  /** In position order. */
  stepsByQuest: new DataLoader(
    groupedBy(
      (ids) => catalog.stepsByQuests(ids),
      (step) => step.questId,
    ),
  ),
  questsByCourse: new DataLoader(
    groupedBy(
      (ids) => catalog.questsByCourses(ids),
      (quest) => quest.courseId!,
    ),
  ),
  /** Newest first. */
  runsByUser: new DataLoader(
    groupedBy(
      (ids) => runs.byUsers(ids),
      (run) => run.userId,
    ),
  ),
  /** Keyed "userId:questId". */
  latestRun: new DataLoader((keys: readonly string[]) => runs.latestByUserAndQuest(keys)),
  /** In the order they were given. */
  answersByRun: new DataLoader(
    groupedBy(
      (ids) => runs.answersByRuns(ids),
      (answer) => answer.progressId,
    ),
  ),
  questsCompleted: new DataLoader((ids: readonly string[]) => runs.completedQuestCounts(ids)),
});

export type QuestsLoaders = ReturnType<typeof createQuestsLoaders>;

/**
 * After a mutation changed a run: an operation may hold several mutations, and what an earlier
 * one loaded must not answer for a later one.
 */
export function forgetRun(loaders: QuestsLoaders, run: { id: string }): void {
  loaders.answersByRun.clear(run.id);
  loaders.runsByUser.clearAll();
  loaders.latestRun.clearAll();
  loaders.questsCompleted.clearAll();
}
