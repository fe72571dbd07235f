/**
 * Priced courses: payments announces prices (COURSE_PRICE_SET) and paid or refunded orders,
 * sponsors announces redeemed seats. A priced course needs an access grant (an order paid, a seat
 * redeemed) to enroll; each grant enrolls the learner (reopening an ended enrollment), and a refund
 * revokes its grant and, with no grant left, ends the enrollment and revokes its certificate
 * (a learner given the course back keeps the revoked one). Handlers run in the consumer's
 * transaction with its inbox row: a redelivered event has no second effect.
 */
import { paymentRequired } from '#platform/errors.ts';
import type { EventPayload } from '#platform/events/catalog.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { CoursesDb } from '../db.ts';
import type { AccessSource, Enrollment, Prisma } from '../generated/prisma/client.ts';
import type { Certificates } from './certificates.ts';

type Tx = Prisma.TransactionClient;

export interface Grant {
  userId: string;
  courseId: string;
  source: AccessSource;
  sourceId: string;
}

export class CourseAccess {
  constructor(
    private readonly db: CoursesDb,
    private readonly events: SubgraphEvents,
    private readonly certificates: Certificates,
  ) {}

  /** Keeps the newest price only: announcements may arrive out of order. */
  async recordPrice(tx: Tx, { courseId, amountCents, currency, setAt }: EventPayload<'COURSE_PRICE_SET'>): Promise<void> {
    const at = new Date(setAt);
    const updated = await tx.coursePrice.updateMany({
      where: { courseId, setAt: { lt: at } },
      data: { amountCents, currency, setAt: at },
    });
    if (updated.count === 0)
      await tx.coursePrice.createMany({ data: [{ courseId, amountCents, currency, setAt: at }], skipDuplicates: true });
  }

  /** For `enroll`: a priced course needs a live grant. */
  async requireAccess(userId: string, courseId: string): Promise<void> {
    const price = await this.db.coursePrice.findUnique({ where: { courseId } });
    if (!price || price.amountCents === 0) return;
    const grant = await this.db.accessGrant.findFirst({ where: { userId, courseId, revokedAt: null } });
    if (!grant) throw paymentRequired('This course is paid: buy it (checkoutCourse) or redeem a sponsored seat first');
  }

  /** Enrolls the learner the grant is for; a grant revoked before it arrived enrolls nobody. */
  async grant(tx: Tx, grant: Grant): Promise<void> {
    await tx.accessGrant.createMany({ data: [grant], skipDuplicates: true });
    const recorded = await tx.accessGrant.findUniqueOrThrow({ where: { sourceId: grant.sourceId } });
    if (recorded.revokedAt) return;
    const { userId, courseId } = grant;
    const enrollment = await this.openEnrollment(tx, userId, courseId);
    await this.events.stage(tx, 'ACCESS_GRANTED', {
      enrollmentId: enrollment.id,
      userId,
      courseId,
      source: grant.source,
      sourceId: grant.sourceId,
    });
  }

  /** Revokes the grant of `sourceId`; the enrollment ends unless another grant still holds. */
  async revoke(tx: Tx, grant: Grant): Promise<void> {
    const revokedAt = new Date();
    await tx.accessGrant.upsert({
      where: { sourceId: grant.sourceId },
      create: { ...grant, revokedAt },
      update: { revokedAt },
    });
    const { userId, courseId } = grant;
    if (await tx.accessGrant.count({ where: { userId, courseId, revokedAt: null } })) return;
    const ended = await tx.enrollment.updateMany({
      where: { userId, courseId, status: { not: 'ENDED' } },
      data: { status: 'ENDED', endedAt: revokedAt },
    });
    if (ended.count !== 1) return;
    const enrollment = await tx.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId, courseId } } });
    await this.events.stage(tx, 'ENROLLMENT_ENDED', { enrollmentId: enrollment.id, userId, courseId, reason: 'REFUNDED' });
    await this.certificates.revoke(tx, enrollment.id, revokedAt, 'REFUNDED');
  }

  /** The learner's enrollment, created or reopened (announced as ENROLLMENT_CREATED either way). */
  private async openEnrollment(tx: Tx, userId: string, courseId: string): Promise<Enrollment> {
    const existing = await tx.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
    if (existing && existing.status !== 'ENDED') return existing;
    const enrollment = existing
      ? await tx.enrollment.update({
          where: { id: existing.id },
          data: { status: existing.completedAt ? 'COMPLETED' : 'ACTIVE', endedAt: null },
        })
      : await tx.enrollment.create({ data: { userId, courseId } });
    await this.events.stage(tx, 'ENROLLMENT_CREATED', { enrollmentId: enrollment.id, userId, courseId });
    return enrollment;
  }

  /** Enrollments by id, for the references other subgraphs hold (a redeemed seat's enrollment). */
  enrollmentsByIds(ids: readonly string[]): Promise<Enrollment[]> {
    return this.db.enrollment.findMany({ where: { id: { in: [...ids] } } });
  }
}
