/**
 * The payment provider without a Stripe key: checkout sessions are pages served by payments itself
 * (checkout-page.ts), whose Pay and Cancel buttons send signed, Stripe-shaped webhook events to
 * the same handler as Stripe's. Refunds succeed at once; there are no receipts.
 */
import { randomBytes } from 'node:crypto';
import type { Stripe } from 'stripe';
import { publicPath, type CheckoutRequest, type CreatedCheckout, type PaymentProvider } from './provider.ts';

export const LOCAL_SESSION_PREFIX = 'cs_local_';
const token = () => randomBytes(18).toString('base64url');

export class LocalProvider implements PaymentProvider {
  readonly kind = 'local';

  constructor(private readonly publicUrl: string) {}

  async createCheckout(request: CheckoutRequest): Promise<CreatedCheckout> {
    const sessionId = `${LOCAL_SESSION_PREFIX}${token()}`;
    return { sessionId, url: publicPath(this.publicUrl, `/checkout/${sessionId}`), expiresAt: request.expiresAt };
  }

  async expireCheckout(): Promise<void> {}

  async refund(): Promise<string> {
    return `re_local_${token()}`;
  }

  async receiptUrl(): Promise<string | null> {
    return null;
  }

  // Local sessions exist only in payments' own orders: nothing to reconcile against.
  async *listCheckouts(): AsyncIterable<Stripe.Checkout.Session> {}
}
