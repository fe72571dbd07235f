import { requireViewer } from '#platform/auth/viewer.ts';
import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  orders: (_parent, { status, first, after }, { services }) => services.orders.list({ status, first, after }),
  order: (_parent, { id }, { services, viewer }) => services.orders.visible(requireViewer(viewer), id),
  coupons: (_parent, { first, after }, { services }) => services.coupons.list({ first, after }),
};
