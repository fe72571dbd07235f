/**
 * Translations of courses and lessons, written by the course's instructor (or an admin) and read
 * along a locale's fallback chain. Each write commits with COURSE_TRANSLATED / LESSON_TRANSLATED
 * (search indexes them).
 */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { forbidden, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { parseInput } from '#platform/validation.ts';
import { DEFAULT_LOCALE, fallbackChain } from '#libs/i18n/locales.ts';
import { z } from 'zod';
import type { I18nDb } from '../db.ts';
import type { CourseRecord, CourseTranslation, LessonTranslation } from '../generated/prisma/client.ts';
import type { MissingTranslation } from '../models.ts';
import { courseTranslationInput, entityIdInput, lessonTranslationInput, localeTag, translationLocale } from './inputs.ts';

const courseArgs = z.object({ courseId: entityIdInput, locale: translationLocale, input: courseTranslationInput });
const lessonArgs = z.object({ lessonId: entityIdInput, locale: translationLocale, input: lessonTranslationInput });

/** The translation for `locale` among a course's (or lesson's) translations, along its chain; never the original's language. */
export function pickTranslation<T extends { locale: string }>(rows: readonly T[], rawLocale: string): T | null {
  const locale = parseInput(localeTag, rawLocale);
  for (const tag of fallbackChain(locale)) {
    if (tag === DEFAULT_LOCALE) return null;
    const row = rows.find((candidate) => candidate.locale === tag);
    if (row) return row;
  }
  return null;
}

export const availableLocales = (rows: ReadonlyArray<{ locale: string }>): string[] => [
  DEFAULT_LOCALE,
  ...rows.map((row) => row.locale).sort(),
];

export class Translations {
  constructor(
    private readonly db: I18nDb,
    private readonly events: SubgraphEvents,
  ) {}

  async translateCourse(
    viewer: Viewer,
    raw: { courseId: string; locale: string; input: { title: string; description: string } },
  ): Promise<CourseTranslation> {
    const { courseId, locale, input } = parseInput(courseArgs, raw);
    await this.authorize(viewer, await this.db.courseRecord.findUnique({ where: { id: courseId } }), courseId);
    return this.events.transaction(this.db, async (tx) => {
      const row = await tx.courseTranslation.upsert({
        where: { courseId_locale: { courseId, locale } },
        create: { courseId, locale, ...input, updatedBy: viewer.userId },
        update: { ...input, updatedBy: viewer.userId },
      });
      await this.events.stage(tx, 'COURSE_TRANSLATED', {
        courseId,
        locale,
        title: row.title,
        description: row.description,
        updatedAt: row.updatedAt.toISOString(),
      });
      return row;
    });
  }

  async translateLesson(
    viewer: Viewer,
    raw: { lessonId: string; locale: string; input: { title: string; content: string } },
  ): Promise<LessonTranslation> {
    const { lessonId, locale, input } = parseInput(lessonArgs, raw);
    const lesson = await this.db.lessonRecord.findUnique({ where: { id: lessonId } });
    if (!lesson) throw notFound('Lesson', lessonId);
    await this.authorize(viewer, await this.db.courseRecord.findUnique({ where: { id: lesson.courseId } }), lessonId, 'Lesson');
    return this.events.transaction(this.db, async (tx) => {
      const row = await tx.lessonTranslation.upsert({
        where: { lessonId_locale: { lessonId, locale } },
        create: { lessonId, courseId: lesson.courseId, locale, ...input, updatedBy: viewer.userId },
        update: { ...input, updatedBy: viewer.userId },
      });
      await this.events.stage(tx, 'LESSON_TRANSLATED', {
        lessonId,
        courseId: lesson.courseId,
        locale,
        title: row.title,
        content: row.content,
        updatedAt: row.updatedAt.toISOString(),
      });
      return row;
    });
  }

  courseTranslations(courseIds: readonly string[]): Promise<CourseTranslation[]> {
    return this.db.courseTranslation.findMany({ where: { courseId: { in: [...courseIds] } } });
  }

  lessonTranslations(lessonIds: readonly string[]): Promise<LessonTranslation[]> {
    return this.db.lessonTranslation.findMany({ where: { lessonId: { in: [...lessonIds] } } });
  }

  /** Courses and lessons with no translation in `locale` nor its language. */
  async missing(locale: string): Promise<MissingTranslation[]> {
    const chain = fallbackChain(locale).filter((tag) => tag !== DEFAULT_LOCALE);
    const [courses, lessons, courseRows, lessonRows] = await Promise.all([
      this.db.courseRecord.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.db.lessonRecord.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.db.courseTranslation.findMany({ where: { locale: { in: chain } }, select: { courseId: true } }),
      this.db.lessonTranslation.findMany({ where: { locale: { in: chain } }, select: { lessonId: true } }),
    ]);
    const translatedCourses = new Set(courseRows.map((row) => row.courseId));
    const translatedLessons = new Set(lessonRows.map((row) => row.lessonId));
    return [
      ...courses
        .filter((course) => !translatedCourses.has(course.id))
        .map((course): MissingTranslation => ({ kind: 'COURSE', courseId: course.id, source: course.title })),
      ...lessons
        .filter((lesson) => !translatedLessons.has(lesson.id))
        .map((lesson): MissingTranslation => ({
          kind: 'LESSON',
          lessonId: lesson.id,
          courseId: lesson.courseId,
          source: lesson.title,
        })),
    ];
  }

  /**
   * The instructor and admins may translate. Anyone else learns that a published course exists
   * (FORBIDDEN), never that a draft does (NOT_FOUND, as for a missing one).
   */
  private async authorize(viewer: Viewer, course: CourseRecord | null, id: string, entity = 'Course'): Promise<void> {
    if (course && (course.instructorId === viewer.userId || hasRole(viewer, 'ADMIN'))) return;
    if (course?.published) throw forbidden(`Only the course's instructor or an admin may translate it`);
    throw notFound(entity, id);
  }
}
