import { prisma, reference } from '../../codegen.ts';

export const mappers = {
  User: reference,
  Course: prisma('Course'),
  Module: prisma('Module'),
  Lesson: prisma('Lesson'),
  Enrollment: prisma('Enrollment'),
  Certificate: prisma('Certificate'),
};
