/**
 * Stripe's webhook events (and the local checkout page's, shaped the same): the signature is
 * verified on the raw body, then each event id is applied once (the StripeEvent row commits with
 * the effect), in any arrival order (the order transitions only move forward).
 */
import { Stripe } from 'stripe';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { Logger } from '#platform/logger.ts';
import type { PaymentsDb, PaymentsTx } from '../db.ts';
import type { PaymentProvider } from '../stripe/provider.ts';
import type { OrderTransitions } from './transitions.ts';

export type WebhookOutcome =
  | { status: 200; handled: 'applied' | 'duplicate' | 'ignored' }
  | { status: 400; error: string }
  /** Not applicable yet (the order it refers to is not known): Stripe delivers it again later. */
  | { status: 409; error: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

class NotYetApplicable extends Error {}

export class Webhooks {
  private readonly verifier = Stripe.webhooks;

  constructor(
    private readonly db: PaymentsDb,
    private readonly events: SubgraphEvents,
    private readonly transitions: OrderTransitions,
    private readonly provider: PaymentProvider,
    private readonly secret: string,
    private readonly toleranceSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** A signed test header for `payload`, as Stripe would send it (the local checkout page's webhooks). */
  sign(payload: string): string {
    return this.verifier.generateTestHeaderString({ payload, secret: this.secret });
  }

  async receive(rawBody: Buffer, signature: string | undefined): Promise<WebhookOutcome> {
    let event: Stripe.Event;
    try {
      if (!signature) throw new Error('No Stripe-Signature header');
      event = this.verifier.constructEvent(rawBody, signature, this.secret, this.toleranceSeconds);
    } catch (error) {
      return { status: 400, error: `Webhook refused: ${(error as Error).message}` };
    }
    try {
      const handled = await this.apply(event);
      return { status: 200, handled };
    } catch (error) {
      if (error instanceof NotYetApplicable) return { status: 409, error: error.message };
      throw error;
    }
  }

  /** Applies a verified event once; also used by reconciliation with what Stripe lists. */
  async apply(event: Stripe.Event): Promise<'applied' | 'duplicate' | 'ignored'> {
    if (await this.db.stripeEvent.findUnique({ where: { id: event.id } })) return 'duplicate';
    // Network calls happen before the transaction, never inside it.
    const receiptUrl = await this.receiptFor(event);
    const outcome = await this.events.transaction(this.db, async (tx) => {
      const first = await tx.stripeEvent.createMany({ data: [{ id: event.id, type: event.type }], skipDuplicates: true });
      if (first.count !== 1) return 'duplicate' as const;
      return (await this.effect(tx, event, receiptUrl)) ? ('applied' as const) : ('ignored' as const);
    });
    this.logger.info({ stripeEvent: event.id, type: event.type, outcome }, 'stripe event');
    return outcome;
  }

  private async effect(tx: PaymentsTx, event: Stripe.Event, receiptUrl: string | null): Promise<boolean> {
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const session = event.data.object;
        // Delayed payment methods complete the session unpaid; async_payment_succeeded follows.
        if (session.payment_status === 'unpaid') return false;
        const orderId = await this.orderOfSession(tx, session);
        if (!orderId) return false;
        return this.transitions.paid(tx, orderId, { paymentIntentId: idOf(session.payment_intent), receiptUrl });
      }
      case 'checkout.session.async_payment_failed': {
        const orderId = await this.orderOfSession(tx, event.data.object);
        return orderId ? this.transitions.failed(tx, orderId) : false;
      }
      case 'checkout.session.expired': {
        const orderId = await this.orderOfSession(tx, event.data.object);
        return orderId ? this.transitions.expired(tx, orderId) : false;
      }
      case 'payment_intent.payment_failed': {
        const orderId = await this.knownOrder(tx, event.data.object.metadata?.orderId);
        return orderId ? this.transitions.failed(tx, orderId) : false;
      }
      case 'charge.refunded': {
        const charge = event.data.object;
        if (!charge.refunded) return false; // a partial refund: the order stays paid
        const paymentIntentId = idOf(charge.payment_intent);
        if (!paymentIntentId) return false;
        const order = await tx.order.findUnique({ where: { paymentIntentId } });
        if (!order) {
          // Ours (the payment's metadata names an order) but its completion has not arrived yet.
          if (await this.knownOrder(tx, charge.metadata?.orderId))
            throw new NotYetApplicable(`No order is paid by ${paymentIntentId} yet`);
          return false;
        }
        return this.transitions.refunded(tx, order.id, { refundId: idOf(charge.refunds?.data[0]), reason: null });
      }
      default:
        return false;
    }
  }

  private async orderOfSession(tx: PaymentsTx, session: Stripe.Checkout.Session): Promise<string | null> {
    const byReference = await this.knownOrder(tx, session.client_reference_id ?? session.metadata?.orderId);
    if (byReference) return byReference;
    const bySession = await tx.order.findUnique({ where: { checkoutSessionId: session.id }, select: { id: true } });
    return bySession?.id ?? null;
  }

  /** The id when it names one of our orders; sessions of other applications on the account are ignored. */
  private async knownOrder(tx: PaymentsTx, orderId: string | null | undefined): Promise<string | null> {
    if (!orderId || !UUID.test(orderId)) return null;
    const order = await tx.order.findUnique({ where: { id: orderId }, select: { id: true } });
    return order?.id ?? null;
  }

  private async receiptFor(event: Stripe.Event): Promise<string | null> {
    if (event.type !== 'checkout.session.completed' && event.type !== 'checkout.session.async_payment_succeeded') return null;
    const paymentIntentId = idOf(event.data.object.payment_intent);
    if (!paymentIntentId) return null;
    try {
      return await this.provider.receiptUrl(paymentIntentId);
    } catch (error) {
      // The receipt is a nicety: the payment is recorded without it.
      this.logger.warn({ err: error, paymentIntentId }, 'receipt not fetched');
      return null;
    }
  }
}
