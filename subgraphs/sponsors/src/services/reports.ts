/**
 * Sponsor reports: what happened to the seats of a sponsorship, in aggregate (no learner named).
 * Progress comes from courses' events (ACCESS_GRANTED, LESSON_COMPLETED, COURSE_COMPLETED,
 * ENROLLMENT_ENDED) recorded on the redemptions.
 */
import { z } from 'zod';
import { notFound } from '#platform/errors.ts';
import { parseInput } from '#platform/validation.ts';
import type { SponsorsDb, SponsorsTx } from '../db.ts';
import type { Sponsorship } from '../generated/prisma/client.ts';

export interface Report {
  sponsorship: Sponsorship;
  seats: number;
  seatsUsed: number;
  learnersActive: number;
  learnersCompleted: number;
  averageProgress: number;
}

const id = z.string().min(1).max(200);

export class Reports {
  constructor(private readonly db: SponsorsDb) {}

  async report(rawId: unknown): Promise<Report> {
    const sponsorshipId = parseInput(id, rawId);
    const sponsorship = await this.db.sponsorship.findUnique({ where: { id: sponsorshipId } });
    if (!sponsorship) throw notFound('Sponsorship', sponsorshipId);
    const enrolled = { sponsorshipId, enrollmentId: { not: null } };
    const [active, completed, progress] = await Promise.all([
      this.db.seatRedemption.count({ where: { ...enrolled, completedAt: null, endedAt: null } }),
      this.db.seatRedemption.count({ where: { ...enrolled, completedAt: { not: null } } }),
      this.db.seatRedemption.aggregate({ where: enrolled, _avg: { progressPercent: true } }),
    ]);
    return {
      sponsorship,
      seats: sponsorship.seats,
      seatsUsed: sponsorship.seatsUsed,
      learnersActive: active,
      learnersCompleted: completed,
      averageProgress: Math.round((progress._avg.progressPercent ?? 0) * 10) / 10,
    };
  }

  /** courses enrolled the learner of a redemption. */
  async enrolled(tx: SponsorsTx, redemptionId: string, enrollmentId: string): Promise<void> {
    await tx.seatRedemption.updateMany({ where: { id: redemptionId }, data: { enrollmentId, endedAt: null } });
  }

  /** Progress only moves forward: a late LESSON_COMPLETED never lowers it. */
  async progressed(tx: SponsorsTx, userId: string, courseId: string, progressPercent: number): Promise<void> {
    await tx.seatRedemption.updateMany({
      where: { userId, courseId, progressPercent: { lt: progressPercent } },
      data: { progressPercent },
    });
  }

  async completed(tx: SponsorsTx, userId: string, courseId: string, at: Date): Promise<void> {
    await tx.seatRedemption.updateMany({
      where: { userId, courseId, completedAt: null },
      data: { completedAt: at, progressPercent: 100 },
    });
  }

  async ended(tx: SponsorsTx, userId: string, courseId: string, at: Date): Promise<void> {
    await tx.seatRedemption.updateMany({ where: { userId, courseId }, data: { endedAt: at } });
  }
}
