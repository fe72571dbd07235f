import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { CoursesDb } from '../db.ts';
import { Authoring } from './authoring.ts';
import { Catalog } from './catalog.ts';
import { Enrollments } from './enrollments.ts';
import { QuizGates } from './quiz-gates.ts';

export const createCoursesServices = ({ db, events }: SubgraphDeps<CoursesDb>) => ({
  catalog: new Catalog(db),
  authoring: new Authoring(db, events),
  enrollments: new Enrollments(db, events),
  quizGates: new QuizGates(events),
});

export type CoursesServices = ReturnType<typeof createCoursesServices>;
