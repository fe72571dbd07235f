/** The events media owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

const purpose = z.enum(['AVATAR', 'COURSE_ASSET', 'ATTACHMENT']);

export default defineEvents({
  FILE_READY: {
    description:
      "An upload was checked and is READY (an avatar re-encoded). `publicUrl` is its stable URL when it is public (avatars), else null: other files' URLs are signed per request by media.",
    payload: z.object({
      fileId: entityId(),
      ownerId: entityId(),
      purpose,
      contentType: z.string(),
      byteSize: z.number().int().nonnegative(),
      publicUrl: z.string().nullable(),
    }),
  },
  FILE_DELETED: {
    description: 'A READY file was deleted with its objects: references to it (an avatar) go.',
    payload: z.object({ fileId: entityId(), ownerId: entityId(), purpose }),
  },
});
