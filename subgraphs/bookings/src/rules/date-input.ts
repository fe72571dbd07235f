/**
 * The DateTime arguments bookings accepts: ISO-8601 only (no "next Tuesday"), either an instant
 * (with `Z` or an offset) or a wall-clock time without offset ("2030-01-07T09:00", or a day,
 * "2030-01-07", meaning its midnight), which the service reads in the instructor's timezone.
 */
import { instantAt } from './timezones.ts';

/**
 * A wall-clock time: a Date whose value holds the fields as if they were UTC (see timezones.ts).
 * Never an instant: `toInstant` turns it into one in a given zone.
 */
export class WallClockTime extends Date {}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/i;
/** Real offsets stay within ±14 h; anything beyond is a typo. */
const MAX_OFFSET_MINUTES = 14 * 60;

/** Epoch milliseconds of calendar fields read as UTC, or undefined when they name no real moment (Feb 30, 25:00). */
function utcFields(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number) {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  const same =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return same ? date.getTime() : undefined;
}

/** An instant (Date) or a WallClockTime, or undefined when `text` is not an ISO-8601 date-time. */
export function parseDateTimeInput(text: string): Date | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const fields = utcFields(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second), ms);
  if (fields === undefined) return undefined;
  if (!zone) return new WallClockTime(fields);
  if (zone.toUpperCase() === 'Z') return new Date(fields);
  const sign = zone.startsWith('-') ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  if (Math.abs(offset) > MAX_OFFSET_MINUTES || Number(zone.slice(4, 6)) > 59) return undefined;
  return new Date(fields - offset * 60_000);
}

/** `value` as an instant: a wall-clock time is read in `zone`, an instant is kept. */
export const toInstant = (value: Date, zone: string): Date =>
  value instanceof WallClockTime ? new Date(instantAt(value.getTime(), zone)) : value;
