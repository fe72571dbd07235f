/** IANA timezone names, through Intl (ICU knows every zone and its daylight-saving rules). */

/** The canonical name of an IANA timezone ("europe/paris" → "Europe/Paris"), or undefined. */
export function canonicalTimezone(zone: string): string | undefined {
  // Named zones only: newer Intl versions also take offsets ("+05:00"), which know no daylight saving.
  if (!zone || zone.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
