/**
 * The locales DoctorPy speaks, and how a requested locale falls back: region → language → English
 * (`fr-CA` → `fr` → `en`). Pure: used by i18n (negotiation, messages) and by the subgraphs that
 * render texts for a user (notifications).
 */

export type TextDirection = 'LTR' | 'RTL';

export interface LocaleInfo {
  code: string;
  /** In English. */
  name: string;
  /** In the locale itself. */
  nativeName: string;
  direction: TextDirection;
}

export const DEFAULT_LOCALE = 'en';

/** Complete locales: every interface string exists in each. */
export const LOCALES: readonly LocaleInfo[] = [
  { code: 'en', name: 'English', nativeName: 'English', direction: 'LTR' },
  { code: 'fr', name: 'French', nativeName: 'Français', direction: 'LTR' },
];

const SUPPORTED = new Set(LOCALES.map((locale) => locale.code));

/**
 * A BCP 47 tag as clients send them: a language (2-3 letters), then an optional script (4 letters),
 * region (2 letters or 3 digits) and variants. Private-use and extension subtags are not accepted.
 */
const TAG = /^[a-z]{2,3}(-[a-z]{4})?(-([a-z]{2}|\d{3}))?(-([a-z\d]{5,8}|\d[a-z\d]{3}))*$/i;

/** The canonical form of a tag (`FR-ca` → `fr-CA`), or undefined when it is not a well-formed tag. */
export function canonicalLocale(tag: string): string | undefined {
  if (tag.length > 35 || !TAG.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** `zh-Hant-TW` → [`zh-Hant-TW`, `zh-Hant`, `zh`, `en`]: each shorter prefix, then English. */
export function fallbackChain(canonical: string): string[] {
  const parts = canonical.split('-');
  const chain: string[] = [];
  for (let length = parts.length; length > 0; length -= 1) chain.push(parts.slice(0, length).join('-'));
  if (!chain.includes(DEFAULT_LOCALE)) chain.push(DEFAULT_LOCALE);
  return chain;
}

/** The supported locale a tag resolves to (`fr-CA` → `fr`), or undefined when none on its chain is supported but English. */
export function supportedLocaleOf(canonical: string): string | undefined {
  const parts = canonical.split('-');
  for (let length = parts.length; length > 0; length -= 1) {
    const tag = parts.slice(0, length).join('-');
    if (SUPPORTED.has(tag)) return tag;
  }
  return undefined;
}

/** Whether text may be written for this tag: a supported language or a regional variant of one. */
export const isWritableLocale = (canonical: string): boolean => SUPPORTED.has(canonical.split('-')[0]!);

/** The tags of an Accept-Language header, best first (q=0 and malformed entries dropped; `*` ignored). */
export function acceptLanguageTags(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 1000)
    .split(',')
    .map((entry, index) => {
      const [tag = '', ...params] = entry.trim().split(';');
      const q = params.map((param) => /^\s*q=([01](\.\d{0,3})?)\s*$/.exec(param)).find(Boolean);
      return { tag: canonicalLocale(tag.trim()), q: q ? Number(q[1]) : 1, index };
    })
    .filter((entry): entry is { tag: string; q: number; index: number } => Boolean(entry.tag) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

/**
 * The locale to speak: the first candidate (the user's own choice, then the Accept-Language tags)
 * that resolves to a supported locale, else English.
 */
export function negotiateLocale(candidates: ReadonlyArray<string | null | undefined>): string {
  for (const candidate of candidates) {
    const canonical = candidate ? canonicalLocale(candidate) : undefined;
    const supported = canonical && supportedLocaleOf(canonical);
    if (supported) return supported;
  }
  return DEFAULT_LOCALE;
}
