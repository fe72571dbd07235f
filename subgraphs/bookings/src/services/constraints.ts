/**
 * The database's own refusals, by name: the migration's exclusion constraints and partial unique
 * index are what guarantee no double booking, and their names say which rule a write broke.
 */

export const SLOT_OVERLAP = 'Slot_no_overlap_per_instructor';
export const STUDENT_OVERLAP = 'Booking_no_overlap_per_student';

interface DriverCause {
  originalCode?: string;
  originalMessage?: string;
}

/** The exclusion constraint (Postgres 23P01) that refused a Prisma write, or undefined. */
export function violatedExclusion(error: unknown): string | undefined {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: DriverCause } } } | null)?.meta?.driverAdapterError?.cause;
  if (cause?.originalCode !== '23P01') return undefined;
  return /exclusion constraint "([^"]+)"/.exec(cause.originalMessage ?? '')?.[1] ?? 'unknown';
}
