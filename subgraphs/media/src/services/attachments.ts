/**
 * Lesson attachments. The course's owner (or an admin) attaches READY course assets and
 * attachments; the owner, admins and learners with an active enrollment read them. Ownership and
 * enrollments come from media's replica of courses' events.
 */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { badInput, forbidden, notFound } from '#platform/errors.ts';
import { parseInput } from '#platform/validation.ts';
import { z } from 'zod';
import type { MediaDb } from '../db.ts';
import type { LessonAttachment, File } from '../generated/prisma/client.ts';
import type { CourseReplicas } from './replica.ts';

const attachInput = z.object({
  lessonId: z.string().max(100, 'is not a lesson id'),
  fileId: z.string().max(100, 'is not a file id'),
});

/** Prisma's P2003: the file went away between the checks and the insert. */
const isForeignKeyViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'P2003';

export class Attachments {
  constructor(
    private readonly db: MediaDb,
    private readonly replicas: CourseReplicas,
  ) {}

  /** The lesson's course, if the viewer owns it or is an admin; FORBIDDEN otherwise. */
  private async requireCourseOwner(viewer: Viewer, lessonId: string): Promise<void> {
    const [lesson] = await this.replicas.lessons([lessonId]);
    if (!lesson) throw notFound('Lesson', lessonId);
    if (hasRole(viewer, 'ADMIN')) return;
    const [course] = await this.replicas.courses([lesson.courseId]);
    if (course?.instructorId !== viewer.userId) throw forbidden("Only the course's owner and admins manage its attachments");
  }

  async attach(viewer: Viewer, raw: unknown): Promise<{ id: string }> {
    const { lessonId, fileId } = parseInput(attachInput, raw);
    await this.requireCourseOwner(viewer, lessonId);
    const file = await this.db.file.findUnique({ where: { id: fileId } });
    if (!file) throw notFound('File', fileId);
    if (file.ownerId !== viewer.userId && !hasRole(viewer, 'ADMIN')) throw forbidden('Attach your own files');
    if (file.purpose === 'AVATAR')
      throw badInput('Avatars are not lesson attachments', [{ field: 'fileId', message: 'an avatar' }]);
    if (file.status !== 'READY')
      throw badInput('Only READY files are attached', [{ field: 'fileId', message: `is ${file.status}` }]);
    try {
      // Attaching twice is attaching once.
      await this.db.lessonAttachment.createMany({
        data: [{ lessonId, fileId, attachedBy: viewer.userId }],
        skipDuplicates: true,
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw notFound('File', fileId);
      throw error;
    }
    return { id: lessonId };
  }

  async detach(viewer: Viewer, raw: unknown): Promise<{ id: string }> {
    const { lessonId, fileId } = parseInput(attachInput, raw);
    await this.requireCourseOwner(viewer, lessonId);
    await this.db.lessonAttachment.deleteMany({ where: { lessonId, fileId } });
    return { id: lessonId };
  }

  /** Oldest first, with their files. */
  byLessons(lessonIds: readonly string[]): Promise<Array<LessonAttachment & { file: File }>> {
    return this.db.lessonAttachment.findMany({
      where: { lessonId: { in: [...lessonIds] } },
      include: { file: true },
      orderBy: [{ attachedAt: 'asc' }, { fileId: 'asc' }],
    });
  }

  /** Whether the user owns, or is enrolled in, a course with a lesson the file is attached to. */
  async readableThroughLessons(fileId: string, userId: string): Promise<boolean> {
    const attachments = await this.db.lessonAttachment.findMany({ where: { fileId }, select: { lessonId: true } });
    if (!attachments.length) return false;
    const courseIds = [...new Set((await this.replicas.lessons(attachments.map((a) => a.lessonId))).map((l) => l.courseId))];
    if (!courseIds.length) return false;
    const owned = await this.db.courseReplica.count({ where: { id: { in: courseIds }, instructorId: userId } });
    if (owned) return true;
    return (await this.db.courseEnrollment.count({ where: { userId, courseId: { in: courseIds }, active: true } })) > 0;
  }
}
