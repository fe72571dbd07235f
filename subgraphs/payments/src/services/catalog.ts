/**
 * What payments keeps of courses (owner, title, publication, who is enrolled), from courses'
 * events, and the prices it owns. It never calls courses.
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import { hasRole } from '#platform/auth/viewer.ts';
import { forbidden, notFound } from '#platform/errors.ts';
import type { EventPayload } from '#platform/events/catalog.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { parseInput } from '#platform/validation.ts';
import type { PaymentsDb, PaymentsTx } from '../db.ts';
import type { CoursePrice, CourseReplica } from '../generated/prisma/client.ts';
import { priceInput } from './inputs.ts';

export class CourseCatalog {
  constructor(
    private readonly db: PaymentsDb,
    private readonly events: SubgraphEvents,
  ) {}

  /** COURSE_CREATED and COURSE_PUBLISHED both carry owner, title and slug: either may arrive first. */
  async recordCourse(tx: PaymentsTx, course: EventPayload<'COURSE_CREATED'>, publishedAt: Date | null = null): Promise<void> {
    const facts = { instructorId: course.instructorId, title: course.title, slug: course.slug };
    await tx.courseReplica.upsert({
      where: { id: course.courseId },
      create: { id: course.courseId, ...facts, publishedAt },
      update: { ...facts, ...(publishedAt ? { publishedAt } : {}) },
    });
  }

  async recordEnrollment(tx: PaymentsTx, userId: string, courseId: string, active: boolean): Promise<void> {
    await tx.enrollmentReplica.upsert({
      where: { userId_courseId: { userId, courseId } },
      create: { userId, courseId, active },
      update: { active },
    });
  }

  course(courseId: string): Promise<CourseReplica | null> {
    return this.db.courseReplica.findUnique({ where: { id: courseId } });
  }

  async isEnrolled(userId: string, courseId: string): Promise<boolean> {
    const row = await this.db.enrollmentReplica.findUnique({ where: { userId_courseId: { userId, courseId } } });
    return Boolean(row?.active);
  }

  pricesOf(courseIds: readonly string[]): Promise<CoursePrice[]> {
    return this.db.coursePrice.findMany({ where: { courseId: { in: [...courseIds] } } });
  }

  /** The owner or an admin sets the price; courses learns it from COURSE_PRICE_SET. */
  async setPrice(viewer: Viewer, raw: unknown): Promise<{ id: string }> {
    const { courseId, amountCents, currency } = parseInput(priceInput, raw);
    const course = await this.course(courseId);
    if (!course) throw notFound('Course', courseId);
    if (course.instructorId !== viewer.userId && !hasRole(viewer, 'ADMIN'))
      throw forbidden('Only the course instructor or an admin can set its price');
    await this.events.transaction(this.db, async (tx) => {
      const price = { amountCents, currency, setById: viewer.userId };
      const saved = await tx.coursePrice.upsert({ where: { courseId }, create: { courseId, ...price }, update: price });
      await this.events.stage(tx, 'COURSE_PRICE_SET', {
        courseId,
        amountCents,
        currency,
        setAt: saved.updatedAt.toISOString(),
      });
    });
    return { id: courseId };
  }
}
