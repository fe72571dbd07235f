/**
 * Reconciliation (`npm run payments:reconcile -- --since <date>`): Stripe's checkout sessions of
 * the period beside the local orders. What a lost webhook left behind is repaired through the same
 * transitions as webhooks (so a repair publishes PAYMENT_SUCCEEDED or ORDER_REFUNDED once); any
 * other difference is reported for a human.
 */
import type { Stripe } from 'stripe';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { PaymentsDb } from '../db.ts';
import type { Order } from '../generated/prisma/client.ts';
import type { PaymentProvider } from '../stripe/provider.ts';
import type { OrderTransitions } from './transitions.ts';

export interface Difference {
  orderId: string | null;
  sessionId: string | null;
  stripe: string;
  local: string;
  /** `repaired`: the local order was moved to match Stripe; `reported`: left for a human. */
  action: 'repaired' | 'reported';
  note: string;
}

export interface ReconcileReport {
  since: Date;
  sessions: number;
  orders: number;
  differences: Difference[];
}

type StripeState = 'OPEN' | 'PAID' | 'UNPAID' | 'REFUNDED' | 'EXPIRED';

function stateOf(session: Stripe.Checkout.Session): StripeState {
  if (session.status === 'expired') return 'EXPIRED';
  if (session.status !== 'complete') return 'OPEN';
  if (session.payment_status === 'unpaid') return 'UNPAID';
  const intent = session.payment_intent;
  const charge = intent && typeof intent === 'object' ? intent.latest_charge : null;
  return charge && typeof charge === 'object' && charge.refunded ? 'REFUNDED' : 'PAID';
}

const paymentIntentOf = (session: Stripe.Checkout.Session) =>
  typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null);

const receiptOf = (session: Stripe.Checkout.Session) => {
  const intent = session.payment_intent;
  const charge = intent && typeof intent === 'object' ? intent.latest_charge : null;
  return charge && typeof charge === 'object' ? (charge.receipt_url ?? null) : null;
};

export class Reconciler {
  constructor(
    private readonly db: PaymentsDb,
    private readonly events: SubgraphEvents,
    private readonly transitions: OrderTransitions,
    private readonly provider: PaymentProvider,
  ) {}

  async run(since: Date): Promise<ReconcileReport> {
    const differences: Difference[] = [];
    const seen = new Set<string>();
    let sessions = 0;
    for await (const session of this.provider.listCheckouts(since)) {
      sessions += 1;
      seen.add(session.id);
      const order = await this.orderOf(session);
      const stripe = stateOf(session);
      if (!order) {
        if (session.client_reference_id || session.metadata?.orderId)
          differences.push({
            orderId: null,
            sessionId: session.id,
            stripe,
            local: 'MISSING',
            action: 'reported',
            note: 'no local order',
          });
        continue;
      }
      const difference = await this.compare(order, session, stripe);
      if (difference) differences.push(difference);
    }
    const orders = await this.db.order.findMany({ where: { createdAt: { gte: since } }, orderBy: { createdAt: 'asc' } });
    for (const order of orders) {
      if (!order.checkoutSessionId || seen.has(order.checkoutSessionId) || this.provider.kind === 'local') continue;
      differences.push({
        orderId: order.id,
        sessionId: order.checkoutSessionId,
        stripe: 'MISSING',
        local: order.status,
        action: 'reported',
        note: 'Stripe does not list this session',
      });
    }
    return { since, sessions, orders: orders.length, differences };
  }

  private async compare(order: Order, session: Stripe.Checkout.Session, stripe: StripeState): Promise<Difference | null> {
    const base = { orderId: order.id, sessionId: session.id, stripe, local: order.status };
    const open = order.status === 'PENDING' || order.status === 'FAILED';
    const payment = { paymentIntentId: paymentIntentOf(session), receiptUrl: receiptOf(session) };
    if (session.amount_total !== null && session.amount_total !== order.amountCents)
      return { ...base, action: 'reported', note: `Stripe charged ${session.amount_total}, the order says ${order.amountCents}` };
    if ((stripe === 'PAID' || stripe === 'REFUNDED') && (open || order.status === 'EXPIRED')) {
      await this.events.transaction(this.db, async (tx) => {
        await this.transitions.paid(tx, order.id, payment);
        if (stripe === 'REFUNDED')
          await this.transitions.refunded(tx, order.id, { refundId: null, reason: 'refunded at Stripe' });
      });
      return { ...base, action: 'repaired', note: `marked ${stripe === 'PAID' ? 'paid' : 'paid, then refunded'}` };
    }
    if (stripe === 'REFUNDED' && order.status === 'PAID') {
      await this.events.transaction(this.db, (tx) =>
        this.transitions.refunded(tx, order.id, { refundId: null, reason: 'refunded at Stripe' }),
      );
      return { ...base, action: 'repaired', note: 'marked refunded' };
    }
    if (stripe === 'EXPIRED' && open) {
      await this.events.transaction(this.db, (tx) => this.transitions.expired(tx, order.id));
      return { ...base, action: 'repaired', note: 'marked expired' };
    }
    const agrees =
      (stripe === 'PAID' && order.status === 'PAID') ||
      (stripe === 'REFUNDED' && order.status === 'REFUNDED') ||
      (stripe === 'EXPIRED' && order.status === 'EXPIRED') ||
      ((stripe === 'OPEN' || stripe === 'UNPAID') && open);
    return agrees ? null : { ...base, action: 'reported', note: 'states differ' };
  }

  private async orderOf(session: Stripe.Checkout.Session): Promise<Order | null> {
    const byId = session.client_reference_id ?? session.metadata?.orderId;
    if (byId && /^[0-9a-f-]{36}$/i.test(byId)) {
      const order = await this.db.order.findUnique({ where: { id: byId } });
      if (order) return order;
    }
    return this.db.order.findUnique({ where: { checkoutSessionId: session.id } });
  }
}
