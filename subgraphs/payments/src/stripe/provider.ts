/**
 * What payments asks of a payment provider: Stripe itself (stripe-provider.ts) or, without a
 * Stripe key, the local checkout page (local-provider.ts). Both deliver their outcomes as
 * Stripe-shaped, signed webhook events to the same handler.
 */
import type { Stripe } from 'stripe';

export interface CheckoutRequest {
  orderId: string;
  userId: string;
  courseId: string;
  courseTitle: string;
  amountCents: number;
  discountCents: number;
  currency: string;
  couponCode: string | null;
  expiresAt: Date;
}

export interface CreatedCheckout {
  sessionId: string;
  url: string;
  expiresAt: Date;
}

export interface RefundRequest {
  orderId: string;
  paymentIntentId: string;
  reason: string | null;
}

/** A provider failure a caller may retry (network, Stripe's 5xx or rate limits), or a refusal. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** Stripe's error code when it gave one (e.g. charge_already_refunded). */
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface PaymentProvider {
  readonly kind: 'stripe' | 'local';
  /** Creates the session; the same idempotency key never creates a second one. */
  createCheckout(request: CheckoutRequest, idempotencyKey: string): Promise<CreatedCheckout>;
  /** Best effort: an open session that will not be used (a newer checkout replaced it). */
  expireCheckout(sessionId: string): Promise<void>;
  /** Refunds the payment in full; the same idempotency key refunds once. Returns the refund id. */
  refund(request: RefundRequest, idempotencyKey: string): Promise<string>;
  /** The receipt of a payment, when the provider issues one. */
  receiptUrl(paymentIntentId: string): Promise<string | null>;
  /** Checkout sessions created since `since`, with their payment (and its latest charge) expanded. */
  listCheckouts(since: Date): AsyncIterable<Stripe.Checkout.Session>;
}

/** An address under the platform's public URL (the gateway's host). */
export const publicPath = (publicUrl: string, path: string): string => `${publicUrl.replace(/\/+$/, '')}${path}`;
