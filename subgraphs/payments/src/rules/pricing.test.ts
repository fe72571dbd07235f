import { describe, expect, it } from '@jest/globals';
import { formatMoney, MINIMUM_CHARGE_CENTS, totalWith } from './pricing.ts';

describe('totalWith', () => {
  it('is the price without a coupon', () => {
    expect(totalWith(4900, null)).toEqual({ amountCents: 4900, discountCents: 0 });
  });

  it('rounds a percentage in the learner’s favour of whole cents', () => {
    expect(totalWith(999, { percentOff: 15, amountOffCents: null })).toEqual({ amountCents: 850, discountCents: 149 });
  });

  it('makes the course free at 100% or with more off than the price, never below zero', () => {
    expect(totalWith(4900, { percentOff: 100, amountOffCents: null })).toEqual({ amountCents: 0, discountCents: 4900 });
    expect(totalWith(4900, { percentOff: null, amountOffCents: 10_000 })).toEqual({ amountCents: 0, discountCents: 4900 });
  });

  it('raises a total under the minimum charge to the minimum', () => {
    expect(totalWith(4900, { percentOff: null, amountOffCents: 4880 })).toEqual({
      amountCents: MINIMUM_CHARGE_CENTS,
      discountCents: 4900 - MINIMUM_CHARGE_CENTS,
    });
    expect(totalWith(60, { percentOff: 50, amountOffCents: null })).toEqual({ amountCents: 50, discountCents: 10 });
  });
});

it('formats minor units without floats', () => {
  expect(formatMoney(4905, 'EUR')).toBe('49.05 EUR');
  expect(formatMoney(50, 'USD')).toBe('0.50 USD');
});
