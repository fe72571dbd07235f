import { prisma, reference } from '../../codegen.ts';

export const mappers = {
  User: reference,
  Course: reference,
  Webinar: prisma('Webinar'),
  WebinarRegistration: prisma('WebinarRegistration'),
};
