/** The shapes i18n accepts, as zod schemas: a bad one is BAD_USER_INPUT naming the field. */
import { z } from 'zod';
import { canonicalLocale, isWritableLocale } from '#libs/i18n/locales.ts';
import { messageSyntaxError } from '#libs/i18n/format.ts';

/** A well-formed BCP 47 tag, canonicalised (`FR-ca` → `fr-CA`). */
export const localeTag = z.string().transform((tag, ctx) => {
  const canonical = canonicalLocale(tag);
  if (!canonical) {
    ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag such as en, fr or fr-CA' });
    return z.NEVER;
  }
  return canonical;
});

/** A locale text may be written in: English, French, or a region of them. */
export const writableLocale = localeTag.refine(isWritableLocale, { message: 'must be en, fr or a regional variant of them' });

/** A translation's locale: writable and not the content's own language (English). */
export const translationLocale = writableLocale.refine((locale) => locale !== 'en', {
  message: 'en is the original language of the content: edit the content itself',
});

export const namespaceName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes (at most 40)');
export const messageKey = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$/, 'must be letters, digits, dots, dashes and underscores (at most 120)');
export const messageValue = z
  .string()
  .min(1, 'must not be empty')
  .max(2000, 'must be at most 2000 characters')
  .superRefine((value, ctx) => {
    const error = messageSyntaxError(value);
    if (error) ctx.addIssue({ code: 'custom', message: `is not a valid ICU message: ${error}` });
  });

const title = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
export const courseTranslationInput = z.object({
  title,
  description: z.string().trim().min(1, 'must not be empty').max(5000, 'must be at most 5000 characters'),
});
export const lessonTranslationInput = z.object({
  title,
  content: z.string().trim().min(1, 'must not be empty').max(100_000, 'must be at most 100000 characters'),
});
export const entityIdInput = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
