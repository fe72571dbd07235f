/**
 * Instants and an instructor's wall clock, through Intl (ICU knows every zone's daylight-saving
 * rules; no date library needed). Pure: every function takes the instant it works on.
 *
 * A wall-clock time is carried as the epoch milliseconds its fields would have in UTC
 * ("2030-01-07T09:00" → Date.UTC(2030, 0, 7, 9)), which makes it plain arithmetic.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const formats = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build and there are a few hundred zones at most: one per zone. */
function formatIn(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, format);
  }
  return format;
}

/** The wall clock of `instantMs` in `zone`, as UTC-field milliseconds (see the header). */
export function wallClockOf(instantMs: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatIn(zone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const milliseconds = ((instantMs % 1000) + 1000) % 1000;
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) + milliseconds;
}

/** Minutes `zone` is ahead of UTC at `instantMs` (Paris: 60 in winter, 120 in summer). */
export const offsetMinutes = (instantMs: number, zone: string): number =>
  Math.round((wallClockOf(instantMs, zone) - instantMs) / MINUTE_MS);

/**
 * The instant at which clocks in `zone` show `wallClockMs`. Like Temporal's "compatible"
 * disambiguation: a time that happens twice (clocks set back) is the earlier one; a time that
 * never happens (clocks set forward) moves forward by the length of the gap (02:30 → 03:30).
 */
export function instantAt(wallClockMs: number, zone: string): number {
  // A zone changes its offset at most once within a day here: the offsets a day before and a
  // day after are the only candidates.
  const before = offsetMinutes(wallClockMs - DAY_MS, zone);
  const after = offsetMinutes(wallClockMs + DAY_MS, zone);
  const matching = [...new Set([before, after])]
    .map((offset) => wallClockMs - offset * MINUTE_MS)
    .filter((instant) => wallClockOf(instant, zone) === wallClockMs)
    .sort((a, b) => a - b);
  return matching[0] ?? wallClockMs - before * MINUTE_MS;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** `instant` on the wall clock of `zone`, ISO-8601 with the offset in force: 2030-01-07T09:00:00+01:00. */
export function localIso(instant: Date, zone: string): string {
  const offset = offsetMinutes(instant.getTime(), zone);
  const wall = new Date(instant.getTime() + offset * MINUTE_MS).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  return `${wall}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}
