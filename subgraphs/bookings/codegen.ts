import { prisma, reference } from '../../codegen.ts';

export const mappers = {
  User: reference,
  Slot: prisma('Slot'),
  Booking: prisma('Booking'),
};
