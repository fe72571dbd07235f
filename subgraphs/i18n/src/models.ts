/** The parent types of the resolvers (codegen.ts maps the GraphQL types to these). */
export type { CourseTranslation, LessonTranslation } from './generated/prisma/client.ts';

export type MissingTranslation =
  | { kind: 'MESSAGE'; namespace: string; key: string; source: string; courseId?: undefined; lessonId?: undefined }
  | { kind: 'COURSE'; courseId: string; source: string; namespace?: undefined; key?: undefined; lessonId?: undefined }
  | { kind: 'LESSON'; lessonId: string; courseId: string; source: string; namespace?: undefined; key?: undefined };
