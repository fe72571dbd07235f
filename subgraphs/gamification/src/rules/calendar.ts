/**
 * Calendar arithmetic for streaks and weekly leaderboards: the day of an instant in a learner's
 * timezone (YYYY-MM-DD, through Intl, so daylight-saving changes are handled by ICU) and ISO weeks
 * in UTC. Pure: every function takes the instant it works on.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build and there are a few hundred zones at most: keep one per zone. */
function dayFormat(zone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(zone, format);
  }
  return format;
}

/** The calendar day (YYYY-MM-DD) of `instant` in `zone`, e.g. 2026-11-20T23:30Z is 2026-11-21 in Paris. */
export function localDay(instant: Date, zone: string): string {
  const parts = Object.fromEntries(
    dayFormat(zone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year!.padStart(4, '0')}-${parts.month}-${parts.day}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a YYYY-MM-DD day. */
function dayNumber(day: string): number {
  const match = DAY.exec(day);
  if (!match) throw new Error(`Not a YYYY-MM-DD day: ${day}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

/** Whole days from `from` to `to` (negative when `to` is earlier): 2026-02-28 → 2026-03-01 is 1. */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

export interface IsoWeek {
  /** e.g. "2026-W47": the ISO week-numbering year and week. */
  label: string;
  /** Monday 00:00 UTC. */
  start: Date;
  /** The next Monday 00:00 UTC (exclusive). */
  end: Date;
}

/** The ISO week (Monday to Sunday, in UTC) that contains `instant`. */
export function isoWeek(instant: Date): IsoWeek {
  const midnight = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
  const monday = midnight - ((instant.getUTCDay() + 6) % 7) * DAY_MS;
  // The week belongs to the year of its Thursday; week 1 is the one holding the year's first Thursday.
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS);
  return { label: `${year}-W${String(week).padStart(2, '0')}`, start: new Date(monday), end: new Date(monday + WEEK_MS) };
}
