/**
 * Redeeming a seat. One transaction takes the seat with a conditional update (seatsUsed < seats,
 * still valid), records the learner's redemption (unique per learner and course) and stages
 * SEAT_REDEEMED; so 50 learners racing for 10 seats get exactly 10. courses consumes the event,
 * enrolls the learner and announces ACCESS_GRANTED (sourceId = the redemption), which sponsors
 * records. The mutation answers once that has happened, with a reference to the enrollment that
 * the gateway resolves from courses: when the client gets it, the enrollment exists.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Viewer } from '#platform/auth/viewer.ts';
import { AppError, conflict, ErrorCode, isUniqueViolation, notFound, serviceUnavailable } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { EntityReference } from '#platform/graphql/reference.ts';
import { parseInput } from '#platform/validation.ts';
import type { SponsorsDb } from '../db.ts';
import type { SeatRedemption } from '../generated/prisma/client.ts';

const code = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z-]{8,64}$/, 'is not a sponsorship code');

/** How long the mutation waits for courses to enroll the learner (the gateway's own patience is 10 s). */
const ENROLLMENT_WAIT_MS = 8_000;

const unusable = (reason: 'SPONSORSHIP_EXPIRED' | 'SPONSORSHIP_EXHAUSTED', message: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { reason, fields: [{ field: 'code', message }] });

export class Redemptions {
  constructor(
    private readonly db: SponsorsDb,
    private readonly events: SubgraphEvents,
  ) {}

  async redeem(viewer: Viewer, rawCode: unknown): Promise<EntityReference> {
    const sponsorship = await this.db.sponsorship.findUnique({ where: { code: parseInput(code, rawCode) } });
    if (!sponsorship) throw notFound('Sponsorship');
    const { userId } = viewer;
    const { courseId } = sponsorship;
    const mine = await this.db.seatRedemption.findUnique({ where: { userId_courseId: { userId, courseId } } });
    if (mine) return this.enrollmentOf(mine, sponsorship.id);
    let redemption: SeatRedemption;
    try {
      redemption = await this.events.transaction(this.db, async (tx) => {
        const now = new Date();
        const taken = await tx.sponsorship.updateMany({
          where: {
            id: sponsorship.id,
            seatsUsed: { lt: tx.sponsorship.fields.seats },
            OR: [{ validUntil: null }, { validUntil: { gt: now } }],
          },
          data: { seatsUsed: { increment: 1 } },
        });
        if (taken.count !== 1) {
          if (sponsorship.validUntil && sponsorship.validUntil <= now)
            throw unusable('SPONSORSHIP_EXPIRED', 'This sponsorship has expired');
          throw unusable('SPONSORSHIP_EXHAUSTED', 'Every seat of this sponsorship is taken');
        }
        const created = await tx.seatRedemption.create({ data: { sponsorshipId: sponsorship.id, userId, courseId } });
        await this.events.stage(tx, 'SEAT_REDEEMED', {
          redemptionId: created.id,
          sponsorshipId: sponsorship.id,
          sponsorId: sponsorship.sponsorId,
          userId,
          courseId,
        });
        return created;
      });
    } catch (error) {
      // The learner's concurrent twin (or another sponsorship of the same course) won: no second seat.
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.db.seatRedemption.findUniqueOrThrow({ where: { userId_courseId: { userId, courseId } } });
      return this.enrollmentOf(existing, sponsorship.id);
    }
    return this.enrollmentOf(redemption, sponsorship.id);
  }

  /** The enrollment courses made for the redemption, waiting for it if needed. */
  private async enrollmentOf(redemption: SeatRedemption, sponsorshipId: string): Promise<EntityReference> {
    if (redemption.sponsorshipId !== sponsorshipId) throw conflict('You already hold a sponsored seat in this course');
    const deadline = Date.now() + ENROLLMENT_WAIT_MS;
    let current: SeatRedemption | null = redemption;
    while (!current?.enrollmentId && Date.now() < deadline) {
      await sleep(25);
      current = await this.db.seatRedemption.findUnique({ where: { id: redemption.id } });
    }
    // The seat is the learner's; redeeming again answers once courses has caught up.
    if (!current?.enrollmentId)
      throw serviceUnavailable(2, 'Your seat is reserved; the enrollment is on its way, try again', 'enrollment-pending');
    return { id: current.enrollmentId };
  }
}
