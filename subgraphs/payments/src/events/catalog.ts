/** The events payments owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

const id = entityId();
const cents = z.number().int().min(0);
const currency = z.string().regex(/^[A-Z]{3}$/);

export default defineEvents({
  COURSE_PRICE_SET: {
    description: 'The price of a course changed (0 makes it free). `setAt` orders the changes of one course.',
    payload: z.object({ courseId: id, amountCents: cents, currency, setAt: z.iso.datetime() }),
  },
  PAYMENT_SUCCEEDED: {
    description: 'A learner paid an order for a course (or a coupon made it free): the learner gets the course.',
    payload: z.object({
      orderId: id,
      userId: id,
      courseId: id,
      amountCents: cents,
      discountCents: cents,
      currency,
      couponId: id.nullable(),
    }),
  },
  ORDER_REFUNDED: {
    description: 'A paid order was refunded: the learner loses the course it bought.',
    payload: z.object({ orderId: id, userId: id, courseId: id, amountCents: cents, currency, reason: z.string().nullable() }),
  },
});
