import { referenceTo } from '#platform/graphql/reference.ts';
import type { CheckoutResolvers, CouponResolvers, CourseResolvers, OrderResolvers, UserResolvers } from '../generated/graphql.ts';

/** A Checkout is the session side of an order. */
export const Checkout: CheckoutResolvers = {
  id: (order) => order.checkoutSessionId ?? order.id,
  // A coupon that made the course free has no session: the order is paid already.
  url: (order) => order.checkoutUrl ?? '/checkout/success',
  status: (order) => {
    if (order.status === 'PENDING' || order.status === 'FAILED') return 'OPEN';
    return order.status === 'EXPIRED' ? 'EXPIRED' : 'COMPLETE';
  },
  expiresAt: (order) => order.checkoutExpiresAt ?? order.paidAt ?? order.createdAt,
  order: (order) => order,
};

export const Order: OrderResolvers = {
  __resolveReference: async ({ id }, { loaders }) => (await loaders.order.load(id)) ?? null,
  user: (order) => ({ id: order.userId }),
  course: (order) => ({ id: order.courseId }),
  coupon: async (order, _args, { loaders }) => (order.couponId ? ((await loaders.coupon.load(order.couponId)) ?? null) : null),
};

export const Coupon: CouponResolvers = {
  course: (coupon) => referenceTo(coupon.courseId),
};

export const Course: CourseResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  price: async ({ id }, _args, { loaders }) => {
    const price = await loaders.price.load(id);
    return price && price.amountCents > 0 ? { amountCents: price.amountCents, currency: price.currency } : null;
  },
};

export const User: UserResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  orders: ({ id }, { first, after }, { services }) => services.orders.list({ userId: id, first, after }),
};
