import { requireViewer } from '#platform/auth/viewer.ts';
import type { MutationResolvers } from '../generated/graphql.ts';

export const Mutation: MutationResolvers = {
  setCoursePrice: (_parent, args, { services, viewer }) => services.catalog.setPrice(requireViewer(viewer), args),
  checkoutCourse: (_parent, { courseId, couponCode }, { services, viewer }) =>
    services.checkouts.start(requireViewer(viewer), courseId, couponCode),
  refundOrder: (_parent, { orderId, reason }, { services, viewer }) =>
    services.refunds.refund(requireViewer(viewer), orderId, reason),
  createCoupon: (_parent, { input }, { services, viewer }) => services.coupons.create(requireViewer(viewer), input),
};
