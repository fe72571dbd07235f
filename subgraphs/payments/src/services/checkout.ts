/**
 * Starting a payment: one open order per learner and course (the unique `openKey`), its coupon
 * redemption claimed in the same transaction, then the provider's checkout session created with
 * the order id as idempotency key, so a retried call, or a retry after a crash between the two
 * steps, never creates a second session.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Viewer } from '#platform/auth/viewer.ts';
import { badInput, conflict, isUniqueViolation, notFound, serviceUnavailable } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { Logger } from '#platform/logger.ts';
import { parseInput } from '#platform/validation.ts';
import type { PaymentsDb } from '../db.ts';
import type { Coupon, Order } from '../generated/prisma/client.ts';
import { totalWith } from '../rules/pricing.ts';
import { ProviderError, type PaymentProvider } from '../stripe/provider.ts';
import type { CourseCatalog } from './catalog.ts';
import type { Coupons } from './coupons.ts';
import { id } from './inputs.ts';
import type { OrderTransitions } from './transitions.ts';

/** A checkout about to expire is not handed out again: the learner would not have time to pay. */
const REUSE_MARGIN_MS = 5 * 60_000;
/** How long a concurrent twin waits for the other call's session. */
const TWIN_WAIT_MS = 10_000;

export class Checkouts {
  constructor(
    private readonly db: PaymentsDb,
    private readonly events: SubgraphEvents,
    private readonly catalog: CourseCatalog,
    private readonly coupons: Coupons,
    private readonly transitions: OrderTransitions,
    private readonly provider: PaymentProvider,
    private readonly expiresMinutes: number,
    private readonly logger: Logger,
  ) {}

  async start(viewer: Viewer, rawCourseId: unknown, rawCouponCode: unknown): Promise<Order> {
    const courseId = parseInput(id, rawCourseId);
    const course = await this.catalog.course(courseId);
    if (!course) throw notFound('Course', courseId);
    if (!course.publishedAt) throw badInput('This course is not open for purchase (it is not published)');
    const [price] = await this.catalog.pricesOf([courseId]);
    if (!price || price.amountCents === 0) throw badInput('This course is free: enroll in it directly');
    if (await this.catalog.isEnrolled(viewer.userId, courseId)) throw conflict('You are already enrolled in this course');
    const paid = await this.db.order.findFirst({ where: { userId: viewer.userId, courseId, status: 'PAID' } });
    if (paid) throw conflict('You have already bought this course');

    const coupon = rawCouponCode == null ? null : await this.coupons.usable(rawCouponCode, courseId);
    const { amountCents, discountCents } = totalWith(price.amountCents, coupon);
    const openKey = `${viewer.userId}:${courseId}`;

    const open = await this.db.order.findUnique({ where: { openKey } });
    if (open) {
      const same = open.couponId === (coupon?.id ?? null) && open.amountCents === amountCents && open.currency === price.currency;
      const fresh = !open.checkoutExpiresAt || open.checkoutExpiresAt.getTime() - Date.now() > REUSE_MARGIN_MS;
      if (same && fresh) return this.withSession(open, course.title, coupon);
      await this.retire(open);
    }

    let order: Order;
    try {
      order = await this.events.transaction(this.db, async (tx) => {
        if (coupon) await this.coupons.claim(tx, coupon);
        const created = await tx.order.create({
          data: {
            userId: viewer.userId,
            courseId,
            amountCents,
            discountCents,
            currency: price.currency,
            couponId: coupon?.id ?? null,
            couponClaimed: Boolean(coupon),
            openKey,
          },
        });
        // A coupon that makes the course free: nothing to pay, the order is paid now.
        if (amountCents === 0) await this.transitions.paid(tx, created.id, { paymentIntentId: null, receiptUrl: null });
        return tx.order.findUniqueOrThrow({ where: { id: created.id } });
      });
    } catch (error) {
      // The same learner's concurrent twin created the open order first: answer with its checkout.
      if (isUniqueViolation(error)) return this.twin(openKey);
      throw error;
    }
    if (order.status === 'PAID') return order;
    return this.withSession(order, course.title, coupon);
  }

  /** The order with its provider session, created now if it has none yet (same idempotency key). */
  private async withSession(order: Order, courseTitle: string, coupon: Pick<Coupon, 'code'> | null): Promise<Order> {
    if (order.checkoutSessionId) return order;
    const expiresAt = new Date(Date.now() + this.expiresMinutes * 60_000);
    try {
      const session = await this.provider.createCheckout(
        {
          orderId: order.id,
          userId: order.userId,
          courseId: order.courseId,
          courseTitle,
          amountCents: order.amountCents,
          discountCents: order.discountCents,
          currency: order.currency,
          couponCode: coupon?.code ?? null,
          expiresAt,
        },
        `checkout-${order.id}`,
      );
      return await this.db.order.update({
        where: { id: order.id },
        data: { checkoutSessionId: session.sessionId, checkoutUrl: session.url, checkoutExpiresAt: session.expiresAt },
      });
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      this.logger.warn({ err: error, orderId: order.id }, 'checkout session not created');
      // The order stays open: calling again retries with the same idempotency key.
      if (error.retryable)
        throw serviceUnavailable(5, 'The payment provider is not answering, try again shortly', 'payment-provider');
      throw badInput(`The payment provider refused this checkout: ${error.message}`);
    }
  }

  /** An open order replaced by a new checkout (other coupon, new price, about to expire). */
  private async retire(order: Order): Promise<void> {
    await this.events.transaction(this.db, (tx) => this.transitions.expired(tx, order.id));
    if (order.checkoutSessionId) await this.provider.expireCheckout(order.checkoutSessionId);
  }

  private async twin(openKey: string): Promise<Order> {
    const deadline = Date.now() + TWIN_WAIT_MS;
    while (Date.now() < deadline) {
      const order = await this.db.order.findUnique({ where: { openKey } });
      if (order?.checkoutSessionId) return order;
      if (!order) break;
      await sleep(50);
    }
    throw conflict('A checkout for this course is being created: try again');
  }
}
