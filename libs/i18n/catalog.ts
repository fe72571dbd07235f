/**
 * The built-in interface strings and how a key is looked up along a locale's fallback chain. Admins'
 * edits (kept by i18n, announced as MESSAGE_UPDATED) are layered on top by whoever renders.
 */
import { fallbackChain } from './locales.ts';
import { en, type Namespace } from './messages/en.ts';
import { fr } from './messages/fr.ts';

export type { Namespace } from './messages/en.ts';

type Catalog = Record<string, Record<string, string>>;

/** Built-in catalogs by supported locale. */
export const BUILT_IN: Readonly<Record<string, Catalog>> = { en, fr };

export const NAMESPACES = Object.keys(en) as Namespace[];

/** A message's text in one exact locale (no fallback): an edit first, then the built-in text. */
export type ExactLookup = (locale: string, namespace: string, key: string) => string | undefined;

export const builtInLookup: ExactLookup = (locale, namespace, key) => BUILT_IN[locale]?.[namespace]?.[key];

/** Every key a namespace has built in (the English reference). */
export const builtInKeys = (namespace: string): string[] => Object.keys(BUILT_IN.en?.[namespace] ?? {});

/** The text of a key for a canonical locale, following its chain (fr-CA → fr → en); undefined if no locale has it. */
export function lookupMessage(
  lookup: ExactLookup,
  canonical: string,
  namespace: string,
  key: string,
): { locale: string; value: string } | undefined {
  for (const locale of fallbackChain(canonical)) {
    const value = lookup(locale, namespace, key);
    if (value !== undefined) return { locale, value };
  }
  return undefined;
}
