import { prisma, reference } from '../../codegen.ts';

export const mappers = {
  User: reference,
  Course: reference,
  Order: prisma('Order'),
  Checkout: prisma('Order'),
  Coupon: prisma('Coupon'),
};
