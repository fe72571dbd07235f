/** Validation of what clients send: every size and range bounded before anything runs. */
import { z } from 'zod';
import { CAPACITY, DESCRIPTION_MAX, DURATION_MINUTES, TITLE_MAX } from '../rules/schedule.ts';

export const id = z.string().trim().min(1, 'must not be empty').max(100, 'is not an id');

const wholeBetween = (min: number, max: number) =>
  z.number().int('must be a whole number').min(min, `must be ${min} to ${max}`).max(max, `must be ${min} to ${max}`);

export const scheduleInput = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(TITLE_MAX, `must be at most ${TITLE_MAX} characters`),
  description: z
    .string()
    .trim()
    .max(DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters`)
    .nullish()
    .transform((value) => value ?? ''),
  courseId: id.nullish().transform((value) => value ?? null),
  startsAt: z.date(),
  durationMinutes: wholeBetween(DURATION_MINUTES.min, DURATION_MINUTES.max),
  capacity: wholeBetween(CAPACITY.min, CAPACITY.max),
});
export type ScheduleInput = z.infer<typeof scheduleInput>;

/** A recording's address: https only (it is shown to learners as a link), no credentials, bounded. */
export const recordingUrl = z
  .string()
  .trim()
  .max(2_048, 'must be at most 2048 characters')
  .pipe(z.url({ protocol: /^https$/, hostname: z.regexes.domain, error: 'must be an https URL' }))
  .refine((value) => !/^[^/]*\/\/[^/]*@/.test(value), 'must not hold credentials')
  .nullish()
  .transform((value) => value ?? null);

export const listArgs = z.object({
  upcoming: z.boolean().nullish(),
  courseId: id.nullish(),
});
