import { describe, expect, it } from '@jest/globals';
import { BUILT_IN, builtInLookup, lookupMessage, NAMESPACES } from './catalog.ts';
import { formatMessage, messageSyntaxError } from './format.ts';
import { acceptLanguageTags, canonicalLocale, fallbackChain, isWritableLocale, negotiateLocale } from './locales.ts';

describe('locale tags', () => {
  it('canonicalises well-formed tags and refuses the rest', () => {
    expect(canonicalLocale('FR-ca')).toBe('fr-CA');
    expect(canonicalLocale('zh-hant-tw')).toBe('zh-Hant-TW');
    expect(canonicalLocale('es-419')).toBe('es-419');
    for (const bad of [
      '',
      'f',
      'french',
      'fr_FR',
      'fr-',
      '-fr',
      'fr-CA-',
      'en\u0000',
      'en-US;q=1',
      '*',
      'x'.repeat(40),
      'fr-x-private',
    ])
      expect(canonicalLocale(bad)).toBeUndefined();
  });

  it('falls back region → language → English', () => {
    expect(fallbackChain('fr-CA')).toEqual(['fr-CA', 'fr', 'en']);
    expect(fallbackChain('en-GB')).toEqual(['en-GB', 'en']);
    expect(fallbackChain('zh-Hant-TW')).toEqual(['zh-Hant-TW', 'zh-Hant', 'zh', 'en']);
  });

  it('negotiates the profile first, then Accept-Language by quality, else English', () => {
    expect(negotiateLocale(['fr-CA', 'en'])).toBe('fr');
    expect(negotiateLocale(['en-GB', 'fr'])).toBe('en');
    expect(negotiateLocale([null, ...acceptLanguageTags('de-DE,de;q=0.9,fr;q=0.8,en;q=0.7')])).toBe('fr');
    expect(negotiateLocale([undefined, ...acceptLanguageTags('en;q=0.5, fr-BE;q=0.9')])).toBe('fr');
    expect(negotiateLocale(acceptLanguageTags('de, ja'))).toBe('en');
    expect(negotiateLocale(acceptLanguageTags('fr;q=0, *'))).toBe('en');
    expect(negotiateLocale(['not a tag', 'fr'])).toBe('fr');
    expect(negotiateLocale([])).toBe('en');
  });

  it('reads Accept-Language leniently', () => {
    expect(acceptLanguageTags('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5')).toEqual(['fr-CH', 'fr', 'en', 'de']);
    expect(acceptLanguageTags('en;q=abc, fr')).toEqual(['en', 'fr']);
    expect(acceptLanguageTags(undefined)).toEqual([]);
  });

  it('takes writes for supported languages and their regions only', () => {
    expect(isWritableLocale('fr')).toBe(true);
    expect(isWritableLocale('fr-CA')).toBe(true);
    expect(isWritableLocale('de')).toBe(false);
  });
});

describe('messages', () => {
  it('has every English key in French, and every French message is valid ICU', () => {
    for (const namespace of NAMESPACES) {
      expect(Object.keys(BUILT_IN.fr![namespace]!).sort()).toEqual(Object.keys(BUILT_IN.en![namespace]!).sort());
      for (const value of Object.values(BUILT_IN.fr![namespace]!)) expect(messageSyntaxError(value)).toBeUndefined();
    }
  });

  it('applies the plural rules of each language', () => {
    const steps = (locale: string, count: number) =>
      formatMessage(lookupMessage(builtInLookup, locale, 'quests', 'quest.steps')!.value, locale, { count });
    expect([0, 1, 2, 1.5].map((count) => steps('en', count))).toEqual(['0 steps', '1 step', '2 steps', '1.5 steps']);
    // French: 0 and 1.5 are singular.
    expect([0, 1, 2, 1.5].map((count) => steps('fr', count))).toEqual(['0 étape', '1 étape', '2 étapes', '1,5 étape']);
  });

  it('formats numbers and dates in the locale', () => {
    expect(formatMessage('{xp, number} XP', 'fr', { xp: 12500 })).toBe('12\u202f500 XP');
    expect(formatMessage('{xp, number} XP', 'en', { xp: 12500 })).toBe('12,500 XP');
    const date = new Date('2026-03-05T12:00:00Z');
    expect(formatMessage('{d, date, long}', 'fr', { d: date })).toBe('5 mars 2026');
    expect(formatMessage('{d, date, long}', 'en', { d: date })).toBe('March 5, 2026');
  });

  it('falls back to the language, then English, for a key a locale lacks', () => {
    const lookup = (locale: string, namespace: string, key: string) =>
      locale === 'fr' && key === 'nav.home' ? undefined : builtInLookup(locale, namespace, key);
    expect(lookupMessage(builtInLookup, 'fr-CA', 'common', 'nav.home')).toEqual({ locale: 'fr', value: 'Accueil' });
    expect(lookupMessage(lookup, 'fr-CA', 'common', 'nav.home')).toEqual({ locale: 'en', value: 'Home' });
    expect(lookupMessage(builtInLookup, 'fr', 'common', 'no.such.key')).toBeUndefined();
  });

  it('reports broken patterns and never throws when formatting one', () => {
    expect(messageSyntaxError('{count, plural, one {#}')).toBeDefined();
    expect(formatMessage('{count, plural, one {#}', 'en', { count: 1 })).toBe('{count, plural, one {#}');
  });
});
