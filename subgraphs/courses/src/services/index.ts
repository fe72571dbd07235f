import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { CoursesDb } from '../db.ts';
import { Authoring } from './authoring.ts';
import { Catalog } from './catalog.ts';
import { CourseAccess } from './course-access.ts';
import { Enrollments } from './enrollments.ts';
import { QuizGates } from './quiz-gates.ts';

export const createCoursesServices = ({ db, events }: SubgraphDeps<CoursesDb>) => {
  const courseAccess = new CourseAccess(db, events);
  return {
    catalog: new Catalog(db),
    authoring: new Authoring(db, events),
    enrollments: new Enrollments(db, events, courseAccess),
    courseAccess,
    quizGates: new QuizGates(events),
  };
};

export type CoursesServices = ReturnType<typeof createCoursesServices>;
