/**
 * The recipient's language: notifications keeps its own replica of each user's Profile.locale
 * (PROFILE_UPDATED) and of admins' edits to its messages (MESSAGE_UPDATED from i18n), and renders
 * the built-in catalogs of libs/i18n with those edits on top.
 */
import { builtInLookup, lookupMessage, type ExactLookup } from '#libs/i18n/catalog.ts';
import { formatMessage } from '#libs/i18n/format.ts';
import { canonicalLocale, DEFAULT_LOCALE, fallbackChain } from '#libs/i18n/locales.ts';
import type { NotificationsTx } from '../db.ts';
import type { Texts } from './messages.ts';

/** An admin's text for one message. */
export interface MessageEdit {
  locale: string;
  namespace: string;
  key: string;
  value: string;
}

/** The namespaces notifications renders from. */
export const RENDERED_NAMESPACES = ['notifications', 'badges'];

export class RecipientLocales {
  /**
   * A function rendering the recipient's messages in `storedLocale` (their Profile.locale, if known),
   * with the admins' edits among `overrides` (any locale: those of the locale's fallback chain apply).
   */
  textsFrom(storedLocale: string | null, overrides: readonly MessageEdit[]): Texts {
    const locale = (storedLocale && canonicalLocale(storedLocale)) ?? DEFAULT_LOCALE;
    const chain = new Set(fallbackChain(locale));
    const edits = new Map(
      overrides
        .filter((row) => chain.has(row.locale) && RENDERED_NAMESPACES.includes(row.namespace))
        .map((row) => [`${row.locale}\u0000${row.namespace}\u0000${row.key}`, row.value]),
    );
    const lookup: ExactLookup = (tag, namespace, key) =>
      edits.get(`${tag}\u0000${namespace}\u0000${key}`) ?? builtInLookup(tag, namespace, key);
    return (namespace, key, values) => {
      const found = lookupMessage(lookup, locale, namespace, key);
      return found && formatMessage(found.value, found.locale, values);
    };
  }

  async recordProfile(tx: NotificationsTx, { userId, locale }: { userId: string; locale: string }): Promise<void> {
    await tx.userLocale.upsert({ where: { userId }, create: { userId, locale }, update: { locale } });
  }

  /** An admin's edit; an older edit arriving late does not overwrite a newer one. */
  async recordMessage(
    tx: NotificationsTx,
    edit: { locale: string; namespace: string; key: string; value: string; updatedAt: string },
  ): Promise<void> {
    if (!RENDERED_NAMESPACES.includes(edit.namespace)) return;
    const { locale, namespace, key, value } = edit;
    const updatedAt = new Date(edit.updatedAt);
    const { count } = await tx.messageOverride.updateMany({
      where: { locale, namespace, key, updatedAt: { lt: updatedAt } },
      data: { value, updatedAt },
    });
    if (count === 0)
      await tx.messageOverride.createMany({ data: [{ locale, namespace, key, value, updatedAt }], skipDuplicates: true });
  }
}
