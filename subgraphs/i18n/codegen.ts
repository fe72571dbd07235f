import { model, prisma, reference } from '../../codegen.ts';

export const mappers = {
  Course: reference,
  Lesson: reference,
  CourseTranslation: prisma('CourseTranslation'),
  LessonTranslation: prisma('LessonTranslation'),
  MissingTranslation: model('MissingTranslation'),
};
