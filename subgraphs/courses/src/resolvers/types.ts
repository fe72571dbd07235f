import { mustLoad } from '#platform/graphql/loaders.ts';
import type {
  CourseResolvers,
  EnrollmentResolvers,
  LessonResolvers,
  ModuleResolvers,
  UserResolvers,
} from '../generated/graphql.ts';
import { canSee } from '../services/access.ts';

export const Course: CourseResolvers = {
  __resolveReference: async ({ id }, { loaders, viewer }) => {
    const course = await loaders.course.load(id);
    return course && canSee(course, viewer) ? course : null;
  },
  instructor: ({ instructorId }) => ({ id: instructorId }),
  modules: ({ id }, _args, { loaders }) => loaders.modulesByCourse.load(id),
  enrollmentCount: ({ id }, _args, { loaders }) => loaders.enrollmentCount.load(id),
  lessonCount: async ({ id }, _args, { loaders }) => (await loaders.lessonTotals.load(id)).lessonCount,
  durationMinutes: async ({ id }, _args, { loaders }) => (await loaders.lessonTotals.load(id)).durationMinutes,
  viewerEnrollment: async ({ id }, _args, { loaders, viewer }) =>
    viewer ? ((await loaders.enrollment.load(`${viewer.userId}:${id}`)) ?? null) : null,
};

export const Module: ModuleResolvers = {
  lessons: ({ id }, _args, { loaders }) => loaders.lessonsByModule.load(id),
  course: ({ courseId }, _args, { loaders }) => mustLoad(loaders.course, courseId, 'Course'),
};

export const Lesson: LessonResolvers = {
  __resolveReference: async ({ id }, { loaders, viewer }) => {
    const lesson = await loaders.lesson.load(id);
    const course = lesson && (await loaders.course.load(lesson.courseId));
    return lesson && course && canSee(course, viewer) ? lesson : null;
  },
  module: ({ moduleId }, _args, { loaders }) => mustLoad(loaders.module, moduleId, 'Module'),
  course: ({ courseId }, _args, { loaders }) => mustLoad(loaders.course, courseId, 'Course'),
};

export const Enrollment: EnrollmentResolvers = {
  // Held by other subgraphs (a redeemed seat): its learner and admins only.
  __resolveReference: async ({ id }, { loaders, viewer }) => {
    const enrollment = await loaders.enrollmentById.load(id);
    return enrollment && viewer && (enrollment.userId === viewer.userId || viewer.roles.includes('ADMIN')) ? enrollment : null;
  },
  course: ({ courseId }, _args, { loaders }) => mustLoad(loaders.course, courseId, 'Course'),
  user: ({ userId }) => ({ id: userId }),
  completedLessonIds: async ({ id }, _args, { loaders }) =>
    (await loaders.completions.load(id)).map((completion) => completion.lessonId),
  certificate: async ({ id }, _args, { loaders }) => (await loaders.certificateByEnrollment.load(id)) ?? null,
};

export const User: UserResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  enrollments: ({ id }, _args, { loaders }) => loaders.enrollmentsByUser.load(id),
  coursesTaught: async ({ id }, _args, { loaders, viewer }) =>
    (await loaders.coursesByInstructor.load(id)).filter((course) => canSee(course, viewer)),
  certificates: ({ id }, _args, { loaders }) => loaders.certificatesByUser.load(id),
};
