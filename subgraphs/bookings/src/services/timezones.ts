/**
 * The replica of users' profile timezones (PROFILE_UPDATED): an instructor's zone decides how
 * wall-clock input is read and how their slots are shown. Users bookings never heard of are in
 * UTC, as profiles' default.
 */
import { canonicalTimezone } from '#libs/timezones/timezones.ts';
import type { Logger } from '#platform/logger.ts';
import type { BookingsDb, BookingsTx } from '../db.ts';

export const DEFAULT_TIMEZONE = 'UTC';

export class Timezones {
  constructor(private readonly db: BookingsDb) {}

  async of(userId: string): Promise<string> {
    const row = await this.db.userTimezone.findUnique({ where: { userId } });
    return row?.timezone ?? DEFAULT_TIMEZONE;
  }

  /** Each user's zone, in the order of `userIds`. */
  async ofUsers(userIds: readonly string[]): Promise<string[]> {
    const rows = await this.db.userTimezone.findMany({ where: { userId: { in: [...userIds] } } });
    const zones = new Map(rows.map((row) => [row.userId, row.timezone]));
    return userIds.map((userId) => zones.get(userId) ?? DEFAULT_TIMEZONE);
  }

  /**
   * Records the zone of a profile change made at `changedAt`, unless a later change is already
   * recorded (an event retried after a newer one must not win). An unknown zone means UTC.
   */
  async record(tx: BookingsTx, { userId, timezone }: { userId: string; timezone: string }, changedAt: Date, log: Logger) {
    const zone = canonicalTimezone(timezone);
    if (!zone) log.warn({ userId, timezone }, 'unknown timezone in profile; reading times in UTC');
    const data = { timezone: zone ?? DEFAULT_TIMEZONE, changedAt };
    const updated = await tx.userTimezone.updateMany({ where: { userId, changedAt: { lt: changedAt } }, data });
    // No older row to update: create one, unless a newer one is there (then nothing happens).
    if (updated.count === 0) await tx.userTimezone.createMany({ data: [{ userId, ...data }], skipDuplicates: true });
  }
}
