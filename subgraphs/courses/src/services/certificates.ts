/**
 * Certificates of completion. courses issues one per enrollment from its own COURSE_COMPLETED
 * event (the courses-certificates consumer), not inside the completing transaction: both ways an
 * enrollment completes (a lesson done, a quiz passed) lead there; the learner's transaction, which
 * holds the enrollment's row lock, stays as short as before; and a certificate that cannot be
 * issued yet (a display name not known yet) is retried by the platform without failing the
 * learner's completion. Once per enrollment is the unique constraint on `enrollmentId`; a
 * redelivered event also meets the consumer's inbox.
 * A refund revokes it in the transaction that ends the enrollment (course-access.ts).
 */
import { badInput } from '#platform/errors.ts';
import type { EventPayload } from '#platform/events/catalog.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { CoursesDb } from '../db.ts';
import type { Certificate, Prisma } from '../generated/prisma/client.ts';
import { generateCertificateCode, normalizeCertificateCode } from '../rules/certificate-code.ts';
import { lockEnrollment } from './completion.ts';

type Tx = Prisma.TransactionClient;

/** Where a certificate is seen, on the gateway's public host. */
export class CertificateLinks {
  private readonly base: string;

  constructor(publicUrl: string) {
    this.base = publicUrl.replace(/\/+$/, '');
  }

  verifyUrl = (code: string) => `${this.base}/certificates/${code}`;
  pdfUrl = (code: string) => `${this.base}/certificates/${code}.pdf`;
}

export const certificateStatus = (certificate: Pick<Certificate, 'revokedAt'>) => (certificate.revokedAt ? 'REVOKED' : 'VALID');

export class Certificates {
  constructor(
    private readonly db: CoursesDb,
    private readonly events: SubgraphEvents,
    readonly links: CertificateLinks,
  ) {}

  /** The certificate a code names, in any accepted spelling; null when none has it. */
  async byCode(input: string): Promise<Certificate | null> {
    const code = normalizeCertificateCode(input);
    if (!code) throw badInput('This is not a certificate code (12 letters and digits, XXXX-XXXX-XXXX)');
    return this.byCanonicalCode(code);
  }

  /** `code` as normalizeCertificateCode gives it. */
  byCanonicalCode(code: string): Promise<Certificate | null> {
    return this.db.certificate.findUnique({ where: { code } });
  }

  /** Issues the certificate of a completed enrollment, once (in the COURSE_COMPLETED consumer's transaction). */
  async issue(tx: Tx, completed: EventPayload<'COURSE_COMPLETED'>, occurredAt: Date): Promise<void> {
    const { enrollmentId, userId, courseId } = completed;
    // Taken before reading the status, as a refund ending the enrollment takes it: whichever
    // commits first, the other sees it (a certificate issued then revoked, or none issued).
    await lockEnrollment(tx, enrollmentId);
    const enrollment = await tx.enrollment.findUnique({ where: { id: enrollmentId } });
    // Ended by a refund before the certificate was issued: there is nothing left to certify.
    if (enrollment?.status !== 'COMPLETED') return;
    if (await tx.certificate.findUnique({ where: { enrollmentId }, select: { id: true } })) return;

    const course = await tx.course.findUniqueOrThrow({ where: { id: courseId }, select: { title: true, instructorId: true } });
    const names = await tx.userName.findMany({ where: { userId: { in: [userId, course.instructorId] } } });
    const nameOf = (id: string) => names.find((name) => name.userId === id)?.displayName;
    const holderName = nameOf(userId);
    // Accounts announced the learner (USER_REGISTERED) long before they could complete a course,
    // but another consumer records it: not there yet, the event is retried (and dead-lettered for
    // an admin past EVENT_MAX_ATTEMPTS) rather than a certificate issued to nobody.
    if (!holderName) throw new Error(`the display name of user ${userId} is not known yet (USER_REGISTERED not consumed)`);
    const instructorName = nameOf(course.instructorId) ?? null;
    const [certificate] = await tx.certificate.createManyAndReturn({
      data: [
        {
          code: generateCertificateCode(),
          enrollmentId,
          userId,
          courseId,
          holderName,
          courseTitle: course.title,
          instructorName,
          issuedAt: enrollment.completedAt ?? occurredAt,
        },
      ],
      // A twin issued it meanwhile (enrollmentId), or the 1-in-2^60 code collision: see below.
      skipDuplicates: true,
    });
    if (!certificate) {
      if (await tx.certificate.findUnique({ where: { enrollmentId }, select: { id: true } })) return;
      throw new Error('certificate code already taken; the event is retried with a new code');
    }
    await this.events.stage(tx, 'CERTIFICATE_ISSUED', {
      certificateId: certificate.id,
      enrollmentId,
      userId,
      courseId,
      courseTitle: certificate.courseTitle,
      code: certificate.code,
      verifyUrl: this.links.verifyUrl(certificate.code),
      pdfUrl: this.links.pdfUrl(certificate.code),
      issuedAt: certificate.issuedAt.toISOString(),
    });
  }

  /** Revokes the enrollment's certificate, if it has a valid one (in the refund's transaction). */
  async revoke(tx: Tx, enrollmentId: string, revokedAt: Date, reason: 'REFUNDED'): Promise<void> {
    const revoked = await tx.certificate.updateManyAndReturn({ where: { enrollmentId, revokedAt: null }, data: { revokedAt } });
    for (const { id, userId, courseId } of revoked)
      await this.events.stage(tx, 'CERTIFICATE_REVOKED', {
        certificateId: id,
        enrollmentId,
        userId,
        courseId,
        reason,
        revokedAt: revokedAt.toISOString(),
      });
  }

  /** USER_REGISTERED: the names certificates print. Names do not change in accounts; the latest wins anyway. */
  async recordName(tx: Tx, userId: string, displayName: string): Promise<void> {
    await tx.userName.upsert({ where: { userId }, create: { userId, displayName }, update: { displayName } });
  }

  byIds(ids: readonly string[]): Promise<Certificate[]> {
    return this.db.certificate.findMany({ where: { id: { in: [...ids] } } });
  }

  byEnrollments(enrollmentIds: readonly string[]): Promise<Certificate[]> {
    return this.db.certificate.findMany({ where: { enrollmentId: { in: [...enrollmentIds] } } });
  }

  byUsers(userIds: readonly string[]): Promise<Certificate[]> {
    return this.db.certificate.findMany({
      where: { userId: { in: [...userIds] } },
      orderBy: [{ issuedAt: 'desc' }, { id: 'desc' }],
    });
  }
}
