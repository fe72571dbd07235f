import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { QuizzesDb } from '../db.ts';
import type { QuizzesSettings } from '../settings.ts';
import { QuizAttempts } from './attempts.ts';
import { QuizAuthoring } from './authoring.ts';
import { QuizCatalog } from './catalog.ts';
import { ExpirySweeper } from './expiry.ts';
import { AttemptGrader } from './grading.ts';
import { CourseReplicas } from './replica.ts';
import { QuizResults } from './results.ts';

export const createQuizzesServices = ({ db, events, logger, settings }: SubgraphDeps<QuizzesDb, QuizzesSettings>) => {
  const catalog = new QuizCatalog(db);
  const replicas = new CourseReplicas(db);
  const grader = new AttemptGrader(db, events);
  return {
    catalog,
    replicas,
    authoring: new QuizAuthoring(db, events, catalog, replicas),
    attempts: new QuizAttempts(db, events, catalog, replicas, grader),
    results: new QuizResults(db, catalog),
    expiry: new ExpirySweeper(db, grader, logger.child({ component: 'quiz-expiry' }), settings.QUIZ_EXPIRY_SWEEP_MS),
  };
};

export type QuizzesServices = ReturnType<typeof createQuizzesServices>;
