/** The payment provider on Stripe's API (or any server speaking it: STRIPE_API_URL). */
import { Stripe } from 'stripe';
import type { PaymentsSettings } from '../settings.ts';
import {
  publicPath,
  ProviderError,
  type CheckoutRequest,
  type CreatedCheckout,
  type PaymentProvider,
  type RefundRequest,
} from './provider.ts';

const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** The SDK's client on the configured key and address. */
export function stripeClient(settings: Pick<PaymentsSettings, 'STRIPE_SECRET_KEY' | 'STRIPE_API_URL'>, key: string): Stripe {
  const api = settings.STRIPE_API_URL ? new URL(settings.STRIPE_API_URL) : undefined;
  return new Stripe(key, {
    maxNetworkRetries: 2,
    timeout: 10_000,
    telemetry: false,
    ...(api
      ? {
          host: api.hostname,
          port: api.port || (api.protocol === 'https:' ? 443 : 80),
          protocol: api.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

/** Stripe's errors as provider errors: retryable unless Stripe refused the request itself. */
function providerError(error: unknown): ProviderError {
  if (error instanceof Stripe.errors.StripeError) {
    const retryable =
      error instanceof Stripe.errors.StripeConnectionError ||
      error instanceof Stripe.errors.StripeAPIError ||
      error instanceof Stripe.errors.StripeRateLimitError ||
      (error.statusCode ?? 0) >= 500;
    return new ProviderError(`Stripe: ${error.message}`, retryable, error.code);
  }
  return new ProviderError(`Stripe: ${(error as Error).message}`, true);
}

const calling = async <T>(call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    throw providerError(error);
  }
};

export class StripeProvider implements PaymentProvider {
  readonly kind = 'stripe';

  constructor(
    private readonly stripe: Stripe,
    private readonly publicUrl: string,
  ) {}

  async createCheckout(request: CheckoutRequest, idempotencyKey: string): Promise<CreatedCheckout> {
    const metadata = { orderId: request.orderId, courseId: request.courseId, userId: request.userId };
    const session = await calling(() =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: request.orderId,
          metadata,
          payment_intent_data: { metadata },
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: request.currency.toLowerCase(),
                unit_amount: request.amountCents,
                product_data: {
                  name: request.courseTitle,
                  ...(request.couponCode ? { description: `Coupon ${request.couponCode} applied` } : {}),
                },
              },
            },
          ],
          expires_at: unixSeconds(request.expiresAt),
          // Stripe fills in {CHECKOUT_SESSION_ID} itself.
          success_url: `${publicPath(this.publicUrl, '/checkout/success')}?session_id={CHECKOUT_SESSION_ID}`,
          cancel_url: publicPath(this.publicUrl, '/checkout/cancelled'),
        },
        { idempotencyKey },
      ),
    );
    if (!session.url) throw new ProviderError('Stripe returned a checkout session without a URL', true);
    return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
  }

  async expireCheckout(sessionId: string): Promise<void> {
    await calling(() => this.stripe.checkout.sessions.expire(sessionId)).catch(() => undefined);
  }

  async refund({ orderId, paymentIntentId, reason }: RefundRequest, idempotencyKey: string): Promise<string> {
    const refund = await calling(() =>
      this.stripe.refunds.create(
        {
          payment_intent: paymentIntentId,
          reason: 'requested_by_customer',
          metadata: { orderId, ...(reason ? { reason: reason.slice(0, 500) } : {}) },
        },
        { idempotencyKey },
      ),
    );
    return refund.id;
  }

  async receiptUrl(paymentIntentId: string): Promise<string | null> {
    const intent = await calling(() => this.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] }));
    const charge = intent.latest_charge;
    return charge && typeof charge === 'object' ? (charge.receipt_url ?? null) : null;
  }

  async *listCheckouts(since: Date): AsyncIterable<Stripe.Checkout.Session> {
    const pages = this.stripe.checkout.sessions.list({
      created: { gte: unixSeconds(since) },
      limit: 100,
      expand: ['data.payment_intent.latest_charge'],
    });
    try {
      for await (const session of pages) yield session;
    } catch (error) {
      throw providerError(error);
    }
  }
}
