/**
 * Coupons: created by admins, validated at checkout. A checkout claims one of the coupon's
 * redemptions with a conditional update (claimed < maxRedemptions), so parallel checkouts never
 * hold more than maxRedemptions; an expired checkout gives its claim back, a paid one counts it.
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import { AppError, conflict, ErrorCode, isUniqueViolation, notFound } from '#platform/errors.ts';
import { pageQuery, toConnection, type Connection, type PageArgs } from '#platform/graphql/connection.ts';
import { parseInput } from '#platform/validation.ts';
import type { PaymentsDb, PaymentsTx } from '../db.ts';
import type { Coupon } from '../generated/prisma/client.ts';
import { couponCode, couponInput } from './inputs.ts';

/** A coupon that cannot be used here and now: BAD_USER_INPUT with the reason a client can show. */
const unusable = (reason: 'COUPON_EXPIRED' | 'COUPON_EXHAUSTED' | 'COUPON_NOT_FOR_THIS_COURSE', message: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { reason, fields: [{ field: 'couponCode', message }] });

export class Coupons {
  constructor(private readonly db: PaymentsDb) {}

  async create(viewer: Viewer, raw: unknown): Promise<Coupon> {
    const input = parseInput(couponInput, raw);
    if (input.courseId && !(await this.db.courseReplica.findUnique({ where: { id: input.courseId } })))
      throw notFound('Course', input.courseId);
    try {
      return await this.db.coupon.create({
        data: {
          code: input.code,
          percentOff: input.percentOff ?? null,
          amountOffCents: input.amountOffCents ?? null,
          courseId: input.courseId ?? null,
          maxRedemptions: input.maxRedemptions ?? null,
          expiresAt: input.expiresAt ?? null,
          createdById: viewer.userId,
        },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A coupon ${input.code} exists already`);
      throw error;
    }
  }

  /** The coupon a learner typed, if it applies to this course now (not yet claimed). */
  async usable(rawCode: unknown, courseId: string): Promise<Coupon> {
    const code = parseInput(couponCode, rawCode);
    const coupon = await this.db.coupon.findUnique({ where: { code } });
    if (!coupon) throw notFound('Coupon', code);
    if (coupon.courseId && coupon.courseId !== courseId)
      throw unusable('COUPON_NOT_FOR_THIS_COURSE', 'This coupon is for another course');
    if (coupon.expiresAt && coupon.expiresAt <= new Date()) throw unusable('COUPON_EXPIRED', 'This coupon has expired');
    if (coupon.maxRedemptions !== null && coupon.claimed >= coupon.maxRedemptions)
      throw unusable('COUPON_EXHAUSTED', 'This coupon has been used up');
    return coupon;
  }

  /** Takes one redemption in `tx`, or throws when none is left (a concurrent checkout took the last). */
  async claim(tx: PaymentsTx, coupon: Coupon): Promise<void> {
    const taken = await tx.coupon.updateMany({
      where: {
        id: coupon.id,
        OR: [{ maxRedemptions: null }, { claimed: { lt: tx.coupon.fields.maxRedemptions } }],
        AND: [{ OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] }],
      },
      data: { claimed: { increment: 1 } },
    });
    if (taken.count !== 1) throw unusable('COUPON_EXHAUSTED', 'This coupon has been used up');
  }

  byIds(ids: readonly string[]): Promise<Coupon[]> {
    return this.db.coupon.findMany({ where: { id: { in: [...ids] } } });
  }

  async list(args: PageArgs): Promise<Connection<Coupon>> {
    const { size, prisma } = pageQuery(args);
    const rows = await this.db.coupon.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...prisma });
    return toConnection(rows, size, () => this.db.coupon.count());
  }
}
