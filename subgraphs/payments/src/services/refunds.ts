/**
 * Admin refunds. The order is claimed first (refundRequestedAt, a conditional update: a concurrent
 * twin gets CONFLICT), then refunded through the provider with the order id as idempotency key
 * (a retry after a crash refunds nothing twice), then moved to REFUNDED with ORDER_REFUNDED. If
 * Stripe's charge.refunded webhook gets there first, it does the move and this call just reads it.
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import { badInput, conflict, notFound, serviceUnavailable } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { Logger } from '#platform/logger.ts';
import { parseInput } from '#platform/validation.ts';
import type { PaymentsDb } from '../db.ts';
import type { Order } from '../generated/prisma/client.ts';
import { ProviderError, type PaymentProvider } from '../stripe/provider.ts';
import { id, refundReason } from './inputs.ts';
import type { OrderTransitions } from './transitions.ts';

/** A claim older than this belongs to a call that died: another may take over (same idempotency key). */
const STALE_CLAIM_MS = 60_000;

export class Refunds {
  constructor(
    private readonly db: PaymentsDb,
    private readonly events: SubgraphEvents,
    private readonly transitions: OrderTransitions,
    private readonly provider: PaymentProvider,
    private readonly logger: Logger,
  ) {}

  async refund(_admin: Viewer, rawOrderId: unknown, rawReason: unknown): Promise<Order> {
    const orderId = parseInput(id, rawOrderId);
    const reason = parseInput(refundReason, rawReason) || null;
    const order = await this.db.order.findUnique({ where: { id: orderId } });
    if (!order) throw notFound('Order', orderId);
    if (order.status === 'REFUNDED') throw conflict('This order has been refunded already');
    if (order.status !== 'PAID') throw conflict(`Only a paid order can be refunded (this one is ${order.status})`);

    const claimed = await this.db.order.updateMany({
      where: {
        id: orderId,
        status: 'PAID',
        OR: [{ refundRequestedAt: null }, { refundRequestedAt: { lt: new Date(Date.now() - STALE_CLAIM_MS) } }],
      },
      data: { refundRequestedAt: new Date(), refundReason: reason },
    });
    if (claimed.count !== 1) throw conflict('This order is being refunded or has been refunded already');

    let refundId: string | null = null;
    if (order.paymentIntentId) {
      try {
        refundId = await this.provider.refund({ orderId, paymentIntentId: order.paymentIntentId, reason }, `refund-${orderId}`);
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        // Refunded already at Stripe (e.g. from its dashboard): record it here too.
        if (error.code !== 'charge_already_refunded') {
          await this.db.order.update({ where: { id: orderId }, data: { refundRequestedAt: null } });
          this.logger.warn({ err: error, orderId }, 'refund refused');
          if (error.retryable)
            throw serviceUnavailable(5, 'The payment provider is not answering, try again shortly', 'payment-provider');
          throw badInput(`The payment provider refused the refund: ${error.message}`);
        }
      }
    }
    await this.events.transaction(this.db, (tx) => this.transitions.refunded(tx, orderId, { refundId, reason }));
    return this.db.order.findUniqueOrThrow({ where: { id: orderId } });
  }
}
