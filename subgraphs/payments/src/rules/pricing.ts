/** Prices and discounts in integer minor units: pure, so each rule is unit-tested. */

/** Currencies a price may be set in (all with two decimals). */
export const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Stripe's smallest charge in these currencies (0.50); a price is 0 (free) or at least this. */
export const MINIMUM_CHARGE_CENTS = 50;
/** A price above this is a typing mistake, not a course (1 000 000.00). */
export const MAXIMUM_PRICE_CENTS = 100_000_000;

export interface Discount {
  percentOff: number | null;
  amountOffCents: number | null;
}

export interface Total {
  amountCents: number;
  discountCents: number;
}

/**
 * What the learner pays for `priceCents` with `discount`: never below zero, and never a charge
 * Stripe would refuse: a total between 0 and the minimum charge is raised to the minimum (the
 * discount shrinks), so the coupon gives either that much off or the course for free.
 */
export function totalWith(priceCents: number, discount: Discount | null): Total {
  if (!discount) return { amountCents: priceCents, discountCents: 0 };
  const off =
    discount.percentOff !== null
      ? Math.floor((priceCents * discount.percentOff) / 100)
      : Math.min(priceCents, discount.amountOffCents ?? 0);
  let amountCents = Math.max(0, priceCents - off);
  if (amountCents > 0 && amountCents < MINIMUM_CHARGE_CENTS) amountCents = Math.min(priceCents, MINIMUM_CHARGE_CENTS);
  return { amountCents, discountCents: priceCents - amountCents };
}

/** "12.50 EUR" for pages and product descriptions. */
export const formatMoney = (amountCents: number, currency: string): string =>
  `${Math.floor(amountCents / 100)}.${String(amountCents % 100).padStart(2, '0')} ${currency}`;
