/** Input schemas of media's mutations (zod): every problem is a BAD_USER_INPUT naming its field. */
import { z } from 'zod';
import { checkDeclaredType } from '../rules/content-types.ts';
import { checkFilename } from '../rules/filenames.ts';

export const purpose = z.enum(['AVATAR', 'COURSE_ASSET', 'ATTACHMENT']);
export const fileId = z.string().max(100, 'is not a file id');

export const requestUploadInput = z
  .object({
    filename: z
      .string()
      .max(4 * 255, 'must be at most 255 characters')
      .transform((raw, context) => {
        const check = checkFilename(raw);
        if (!check.ok) context.addIssue({ code: 'custom', message: check.reason });
        return check.ok ? check.filename : raw;
      }),
    contentType: z.string().max(100, 'is not an accepted type'),
    byteSize: z.number().int().min(1, 'must be at least 1 byte'),
    purpose,
  })
  .transform((input, context) => {
    const type = checkDeclaredType(input.contentType, input.purpose);
    if (!type.ok) context.addIssue({ code: 'custom', path: ['contentType'], message: type.reason });
    return { ...input, contentType: type.ok ? type.contentType : input.contentType };
  });
