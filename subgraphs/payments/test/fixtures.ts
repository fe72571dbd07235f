/** What payments' tests share: the operations they send (courses come from #gateway/testing/courses.ts). */
import pg from 'pg';
import { subgraphDatabaseUrl } from '#platform/db/postgres-server.ts';
import type { TestStack } from '#gateway/testing/stack.ts';

export { ENROLL, ENROLLMENT, SET_PRICE, priceCourse, publishedCourse } from '#gateway/testing/courses.ts';

/** SQL on payments' test database: what the API does not show (its outbox, its inbox of Stripe events, coupon claims). */
export const paymentsSql = (platform: TestStack) =>
  new pg.Pool({ connectionString: subgraphDatabaseUrl(platform.runtime.env.DATABASE_URL!, 'payments'), max: 2 });

export const CHECKOUT = `mutation Checkout($courseId: ID!, $couponCode: String) {
  checkoutCourse(courseId: $courseId, couponCode: $couponCode) {
    id url status expiresAt
    order { id status amountCents discountCents currency user { id } course { id } coupon { code } }
  }
}`;
export const ORDER = `query Order($id: ID!) {
  order(id: $id) { id status amountCents discountCents createdAt paidAt refundedAt receiptUrl coupon { code redemptions } }
}`;
export const REFUND = `mutation Refund($orderId: ID!, $reason: String) { refundOrder(orderId: $orderId, reason: $reason) { id status refundedAt } }`;
export const CREATE_COUPON = `mutation Coupon($input: CreateCouponInput!) {
  createCoupon(input: $input) { id code percentOff amountOffCents maxRedemptions redemptions expiresAt course { id } }
}`;

export interface Checkout {
  id: string;
  url: string;
  status: string;
  expiresAt: string;
  order: {
    id: string;
    status: string;
    amountCents: number;
    discountCents: number;
    currency: string;
    coupon: { code: string } | null;
  };
}
