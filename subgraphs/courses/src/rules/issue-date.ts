/** Dates as certificates print them. */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * "1 December 2026", the UTC calendar day: the same text whatever the server's locale, timezone or
 * ICU version (Intl's output changes with them, and a PDF must render the same bytes everywhere).
 */
export const issueDate = (at: Date) => `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()}`;
