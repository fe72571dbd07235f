/** Validation of authoring input: sizes bounded, tags and slugs normalised. */
import { z } from 'zod';

const title = z.string().trim().min(3, 'must be at least 3 characters').max(120, 'must be at most 120 characters');
const tags = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .min(1, 'must not be empty')
      .max(30, 'must be at most 30 characters')
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} +#.-]*$/u, 'may hold letters, digits, spaces and + # . -'),
  )
  .max(10, 'at most 10 tags')
  .transform((values) => [...new Set(values)]);
const level = z.enum(['BEGINNER', 'INTERMEDIATE', 'ADVANCED']);

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const createCourseInput = z.object({
  title,
  description: z.string().trim().min(10, 'must be at least 10 characters').max(5_000, 'must be at most 5000 characters'),
  level,
  tags: tags.nullish().transform((value) => value ?? []),
  slug: z.string().min(3).max(80).regex(SLUG, 'must be lower-case words joined by dashes').nullish(),
});

export const updateCourseInput = createCourseInput.omit({ slug: true, tags: true }).partial().extend({ tags: tags.optional() });

export const position = z.number().int().min(1, 'must be 1 or more').max(10_000).nullish();

export const addModuleInput = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
  position,
});

const lessonFields = {
  title: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
  content: z.string().min(1, 'must not be empty').max(100_000, 'must be at most 100000 characters'),
  durationMinutes: z.number().int().min(1, 'must be at least 1').max(600, 'must be at most 600'),
};

export const addLessonInput = z.object({ ...lessonFields, position });
export const updateLessonInput = z.object(lessonFields).partial();

/** "Python: Data Structures!" → "python-data-structures" */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug.length >= 3 ? slug : `course-${slug || 'untitled'}`;
}
