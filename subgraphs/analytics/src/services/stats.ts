/** The counters as figures: per user, per course (its instructor and staff), for the platform. */
import type { Viewer } from '#platform/auth/viewer.ts';
import { forbidden, notFound } from '#platform/errors.ts';
import type { AnalyticsDb } from '../db.ts';
import type { CourseStats, UserStats } from '../models.ts';
import { isStaff } from '../roles.ts';
import { PLATFORM_FIGURES, type PlatformFigure } from './counters.ts';

const INT_MAX = 2_147_483_647n;
/** GraphQL Int is 32-bit; a figure beyond it reads as the largest Int rather than failing the query. */
const toInt = (value: bigint): number => Number(value > INT_MAX ? INT_MAX : value);

const noUserActivity = (userId: string): UserStats => ({
  userId,
  questsStarted: 0,
  questsCompleted: 0,
  xpEarned: 0,
  lessonsCompleted: 0,
  coursesCompleted: 0,
  enrollments: 0,
  badgesEarned: 0,
  quizAttempts: 0,
  quizzesPassed: 0,
  quizScoreTotal: 0,
  lastActiveAt: null,
});

export class Stats {
  constructor(private readonly db: AnalyticsDb) {}

  /** Zeros for a user nothing is known about yet (authorization is the schema's @policy). */
  async user(userId: string): Promise<UserStats> {
    return (await this.db.userActivity.findUnique({ where: { userId } })) ?? noUserActivity(userId);
  }

  /**
   * The course's instructor (as COURSE_PUBLISHED named them), admins and analysts. A course no
   * event mentioned yet reads as zeros for staff and does not exist for anyone else.
   */
  async course(viewer: Viewer, courseId: string): Promise<CourseStats> {
    const course = await this.db.courseActivity.findUnique({ where: { courseId } });
    const staff = isStaff(viewer);
    if (!course) {
      if (staff) {
        return {
          courseId,
          enrollments: 0,
          lessonCompletions: 0,
          completions: 0,
          quizAttempts: 0,
          quizzesPassed: 0,
          quizScoreTotal: 0,
        };
      }
      throw notFound('Course', courseId);
    }
    if (!staff && course.instructorId !== viewer.userId) {
      throw forbidden("Only the course's instructor, admins and analysts can see its figures");
    }
    return course;
  }

  async platform(): Promise<Record<PlatformFigure, number>> {
    const rows = await this.db.platformCounter.findMany({ where: { name: { in: [...PLATFORM_FIGURES] } } });
    const values = new Map(rows.map((row) => [row.name, row.value]));
    return Object.fromEntries(PLATFORM_FIGURES.map((name) => [name, toInt(values.get(name) ?? 0n)])) as Record<
      PlatformFigure,
      number
    >;
  }
}

/** completions / enrollments, 0 when nobody enrolled; at most 1 even if enrollments predate the store. */
export const completionRate = ({ completions, enrollments }: CourseStats): number =>
  enrollments > 0 ? Math.min(1, completions / enrollments) : 0;

/** The mean score of the graded quiz attempts counted; null before the first. */
export const averageQuizScore = ({ quizAttempts, quizScoreTotal }: Pick<CourseStats, 'quizAttempts' | 'quizScoreTotal'>) =>
  quizAttempts > 0 ? quizScoreTotal / quizAttempts : null;
