import { prisma, reference } from '../../codegen.ts';

export const mappers = {
  Course: reference,
  Enrollment: reference,
  Sponsor: prisma('Sponsor'),
  Sponsorship: prisma('Sponsorship'),
  SponsorReport: '../services/reports.ts#Report',
};
