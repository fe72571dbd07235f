/** Per-request DataLoaders: one SQL statement per batch of ids. */
import DataLoader from 'dataloader';
import { byId, byKey } from '#platform/graphql/loaders.ts';
import type { PaymentsServices } from './services/index.ts';

export const createPaymentsLoaders = ({ orders, coupons, catalog }: PaymentsServices) => ({
  order: new DataLoader(byId((ids) => orders.byIds(ids))),
  coupon: new DataLoader(byId((ids) => coupons.byIds(ids))),
  price: new DataLoader(
    byKey(
      (courseIds) => catalog.pricesOf(courseIds),
      (price) => price.courseId,
    ),
  ),
});

export type PaymentsLoaders = ReturnType<typeof createPaymentsLoaders>;
