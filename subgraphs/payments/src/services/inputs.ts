/** Validation of what clients send: ids bounded, money in integer minor units, coupon codes normalised. */
import { z } from 'zod';
import { CURRENCIES, MAXIMUM_PRICE_CENTS, MINIMUM_CHARGE_CENTS } from '../rules/pricing.ts';

export const id = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const couponCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9_-]{3,40}$/, "must be 3-40 letters, digits, '-' or '_'");

export const priceInput = z.object({
  courseId: id,
  amountCents: z
    .number()
    .int()
    .min(0, 'must not be negative')
    .max(MAXIMUM_PRICE_CENTS, `must be at most ${MAXIMUM_PRICE_CENTS}`)
    .refine((cents) => cents === 0 || cents >= MINIMUM_CHARGE_CENTS, `must be 0 (free) or at least ${MINIMUM_CHARGE_CENTS}`),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(CURRENCIES, { error: `must be one of ${CURRENCIES.join(', ')}` })),
});

export const couponInput = z
  .object({
    code: couponCode,
    percentOff: z.number().int().min(1, 'must be 1-100').max(100, 'must be 1-100').nullish(),
    amountOffCents: z.number().int().min(1, 'must be positive').max(MAXIMUM_PRICE_CENTS).nullish(),
    courseId: id.nullish(),
    maxRedemptions: z.number().int().min(1, 'must be at least 1').max(1_000_000).nullish(),
    expiresAt: z.date().nullish(),
  })
  .refine((input) => (input.percentOff == null) !== (input.amountOffCents == null), {
    message: 'give exactly one of percentOff and amountOffCents',
    path: ['percentOff'],
  })
  .refine((input) => !input.expiresAt || input.expiresAt.getTime() > Date.now(), {
    message: 'must be in the future',
    path: ['expiresAt'],
  });

export const refundReason = z.string().trim().max(500, 'must be at most 500 characters').nullish();
