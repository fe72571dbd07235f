/** ICU MessageFormat (plurals, selects, numbers, dates) in a locale, with compiled patterns cached. */
import { IntlMessageFormat } from 'intl-messageformat';

export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>;

const compiled = new Map<string, IntlMessageFormat>();
const CACHE_LIMIT = 2000;

function compile(pattern: string, locale: string): IntlMessageFormat {
  const key = `${locale}\u0000${pattern}`;
  let format = compiled.get(key);
  if (!format) {
    format = new IntlMessageFormat(pattern, locale);
    if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, format);
  }
  return format;
}

/** The pattern's error, or undefined when it is a valid ICU message. */
export function messageSyntaxError(pattern: string): string | undefined {
  try {
    compile(pattern, 'en');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Formats `pattern` in `locale`; a missing value or a broken pattern gives the pattern back rather than failing. */
export function formatMessage(pattern: string, locale: string, values: MessageValues = {}): string {
  try {
    const result = compile(pattern, locale).format(values);
    return Array.isArray(result) ? result.join('') : String(result);
  } catch {
    return pattern;
  }
}
