/** What i18n keeps of courses' announcements: who may translate a course, and the English text that needs translating. */
import type { I18nTx } from '../db.ts';

export class CourseReplica {
  async recordCourse(
    tx: I18nTx,
    course: { courseId: string; instructorId: string; title: string; description?: string | null },
    published?: boolean,
  ): Promise<void> {
    const { courseId: id, instructorId, title } = course;
    const description = course.description ?? undefined;
    await tx.courseRecord.upsert({
      where: { id },
      create: { id, instructorId, title, description: description ?? '', published: published ?? false },
      update: {
        instructorId,
        title,
        ...(description === undefined ? {} : { description }),
        ...(published === undefined ? {} : { published }),
      },
    });
  }

  async recordLesson(tx: I18nTx, lesson: { lessonId: string; courseId: string; title: string }): Promise<void> {
    const { lessonId: id, courseId, title } = lesson;
    await tx.lessonRecord.upsert({ where: { id }, create: { id, courseId, title }, update: { courseId, title } });
  }
}
