/** The shapes of what clients send, checked with zod (parseInput turns problems into BAD_USER_INPUT). */
import { z } from 'zod';

/** Ids are UUIDs; anything this long is not one (an unknown id of a sane length is NOT_FOUND). */
export const id = z.string().trim().min(1, 'must not be empty').max(64, 'is not an id');

/** Free text of at most 500 characters; blank means none. */
const note = z
  .string()
  .trim()
  .max(500, 'must be at most 500 characters')
  .nullish()
  .transform((text) => text || null);

/** DateTime arguments arrive parsed by the subgraph's scalar (resolvers/scalars.ts). */
const dateTime = z.date();

export const publishInput = z.object({ startsAt: dateTime, endsAt: dateTime, slotMinutes: z.number() });
export const listInput = z.object({ instructorId: id, from: dateTime, to: dateTime });
export const bookInput = z.object({ slotId: id, topic: note });
export const cancelInput = z.object({ id, reason: note });
export const listBookingsInput = z.object({
  upcoming: z.boolean().nullish(),
  first: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .nullish()
    .transform((first) => first ?? 50),
});
