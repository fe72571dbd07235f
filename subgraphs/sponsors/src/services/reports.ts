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
    // One read of the seats (at most `seats` rows): separate counts could see a completion between
    // them and count its learner both active and completed.
    const redemptions = await this.db.seatRedemption.findMany({
      where: { sponsorshipId, enrollmentId: { not: null } },
      select: { completedAt: true, endedAt: true, progressPercent: true },
    });
    const active = redemptions.filter((seat) => !seat.completedAt && !seat.endedAt).length;
    const completed = redemptions.filter((seat) => seat.completedAt).length;
    const progress = redemptions.reduce((sum, seat) => sum + seat.progressPercent, 0);
    return {
      sponsorship,
      seats: sponsorship.seats,
      seatsUsed: sponsorship.seatsUsed,
      learnersActive: active,
      learnersCompleted: completed,
      averageProgress: redemptions.length ? Math.round((progress / redemptions.length) * 10) / 10 : 0,
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
