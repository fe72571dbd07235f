/**
 * The moves of an order's status, each a conditional update inside the caller's transaction, so
 * whatever order webhooks, retries and reconciliation arrive in, each move happens once and its
 * event is staged once:
 *   PENDING → FAILED (a payment attempt failed; the checkout stays open)
 *   PENDING | FAILED → EXPIRED (the checkout expired unpaid; its coupon redemption is released)
 *   PENDING | FAILED | EXPIRED → PAID (money received is the truth, whatever came before)
 *   PAID → REFUNDED
 */
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { PaymentsTx } from '../db.ts';
import type { Order } from '../generated/prisma/client.ts';

export class OrderTransitions {
  constructor(private readonly events: SubgraphEvents) {}

  async paid(
    tx: PaymentsTx,
    orderId: string,
    facts: { paymentIntentId: string | null; receiptUrl: string | null },
  ): Promise<boolean> {
    const moved = await tx.order.updateMany({
      where: { id: orderId, status: { in: ['PENDING', 'FAILED', 'EXPIRED'] } },
      data: { status: 'PAID', paidAt: new Date(), openKey: null, ...withoutNulls(facts) },
    });
    if (moved.count !== 1) return false;
    const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
    if (order.couponId) {
      // An order whose claim was released (expired, then paid after all) takes a redemption again.
      const reclaimed = !order.couponClaimed;
      await tx.coupon.update({
        where: { id: order.couponId },
        data: { redemptions: { increment: 1 }, ...(reclaimed ? { claimed: { increment: 1 } } : {}) },
      });
      if (reclaimed) await tx.order.update({ where: { id: orderId }, data: { couponClaimed: true } });
    }
    await this.events.stage(tx, 'PAYMENT_SUCCEEDED', {
      orderId,
      userId: order.userId,
      courseId: order.courseId,
      amountCents: order.amountCents,
      discountCents: order.discountCents,
      currency: order.currency,
      couponId: order.couponId,
    });
    return true;
  }

  async failed(tx: PaymentsTx, orderId: string): Promise<boolean> {
    const moved = await tx.order.updateMany({
      where: { id: orderId, status: 'PENDING' },
      data: { status: 'FAILED', failedAt: new Date() },
    });
    return moved.count === 1;
  }

  async expired(tx: PaymentsTx, orderId: string): Promise<boolean> {
    const moved = await tx.order.updateMany({
      where: { id: orderId, status: { in: ['PENDING', 'FAILED'] } },
      data: { status: 'EXPIRED', expiredAt: new Date(), openKey: null },
    });
    if (moved.count !== 1) return false;
    await this.releaseCoupon(tx, orderId);
    return true;
  }

  async refunded(tx: PaymentsTx, orderId: string, facts: { refundId: string | null; reason: string | null }): Promise<boolean> {
    const moved = await tx.order.updateMany({
      where: { id: orderId, status: 'PAID' },
      data: {
        status: 'REFUNDED',
        refundedAt: new Date(),
        ...withoutNulls({ refundId: facts.refundId, refundReason: facts.reason }),
      },
    });
    if (moved.count !== 1) return false;
    const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
    await this.events.stage(tx, 'ORDER_REFUNDED', {
      orderId,
      userId: order.userId,
      courseId: order.courseId,
      amountCents: order.amountCents,
      currency: order.currency,
      reason: order.refundReason,
    });
    return true;
  }

  /** Gives the coupon's redemption back, once (the flag is cleared by the update that sees it set). */
  private async releaseCoupon(tx: PaymentsTx, orderId: string): Promise<void> {
    const released = await tx.order.updateMany({ where: { id: orderId, couponClaimed: true }, data: { couponClaimed: false } });
    if (released.count !== 1) return;
    const { couponId } = await tx.order.findUniqueOrThrow({ where: { id: orderId }, select: { couponId: true } });
    if (couponId) await tx.coupon.update({ where: { id: couponId }, data: { claimed: { decrement: 1 } } });
  }
}

/** Drops null facts so an update never erases what an earlier one recorded. */
function withoutNulls<T extends Record<string, unknown>>(facts: T): Partial<Pick<Order, keyof T & keyof Order>> {
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== null && value !== undefined)) as never;
}
