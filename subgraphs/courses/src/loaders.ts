/** Per-request DataLoaders: lists of any length cost one SQL statement per level. */
import DataLoader from 'dataloader';
import { byId, byKey, groupedBy } from '#platform/graphql/loaders.ts';
import type { CoursesServices } from './services/index.ts';

export const createCoursesLoaders = ({ catalog, enrollments, courseAccess, certificates }: CoursesServices) => ({
  course: new DataLoader(byId((ids) => catalog.coursesByIds(ids))),
  coursesByInstructor: new DataLoader(
    groupedBy(
      (ids) => catalog.coursesByInstructors(ids),
      (course) => course.instructorId,
    ),
  ),
  module: new DataLoader(byId((ids) => catalog.modulesByIds(ids))),
  modulesByCourse: new DataLoader(
    groupedBy(
      (ids) => catalog.modulesByCourses(ids),
      (module) => module.courseId,
    ),
  ),
  lesson: new DataLoader(byId((ids) => catalog.lessonsByIds(ids))),
  lessonsByModule: new DataLoader(
    groupedBy(
      (ids) => catalog.lessonsByModules(ids),
      (lesson) => lesson.moduleId,
    ),
  ),
  enrollmentCount: new DataLoader((ids: readonly string[]) => catalog.enrollmentCounts(ids)),
  lessonTotals: new DataLoader((ids: readonly string[]) => catalog.lessonTotals(ids)),
  enrollmentsByUser: new DataLoader(
    groupedBy(
      (ids) => enrollments.byUsers(ids),
      (enrollment) => enrollment.userId,
    ),
  ),
  enrollmentById: new DataLoader(byId((ids) => courseAccess.enrollmentsByIds(ids))),
  /** Keyed "userId:courseId". */
  enrollment: new DataLoader((keys: readonly string[]) => enrollments.byUserAndCourse(keys)),
  completions: new DataLoader(
    groupedBy(
      (ids) => enrollments.completionsByEnrollments(ids),
      (completion) => completion.enrollmentId,
    ),
  ),
  certificate: new DataLoader(byId((ids) => certificates.byIds(ids))),
  certificateByEnrollment: new DataLoader(
    byKey(
      (ids) => certificates.byEnrollments(ids),
      (certificate) => certificate.enrollmentId,
    ),
  ),
  certificatesByUser: new DataLoader(
    groupedBy(
      (ids) => certificates.byUsers(ids),
      (certificate) => certificate.userId,
    ),
  ),
});

export type CoursesLoaders = ReturnType<typeof createCoursesLoaders>;
