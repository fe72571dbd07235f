/** Which locale to speak to a caller, and the replica of users' Profile.locale it starts from. */
import type { Viewer } from '#platform/auth/viewer.ts';
import { acceptLanguageTags, LOCALES, negotiateLocale, type LocaleInfo } from '#libs/i18n/locales.ts';
import type { I18nDb, I18nTx } from '../db.ts';

export class Locales {
  constructor(private readonly db: I18nDb) {}

  list(): readonly LocaleInfo[] {
    return LOCALES;
  }

  /** The user's Profile.locale, else the Accept-Language header, else English (each along its fallback chain). */
  async viewerLocale(viewer: Viewer | undefined, acceptLanguage: string | undefined): Promise<string> {
    const profile = viewer ? await this.db.userLocale.findUnique({ where: { userId: viewer.userId } }) : null;
    return negotiateLocale([profile?.locale, ...acceptLanguageTags(acceptLanguage)]);
  }

  /** PROFILE_UPDATED: the latest profile wins (profiles publishes one event per edit, in order). */
  async recordProfile(tx: I18nTx, { userId, locale }: { userId: string; locale: string }): Promise<void> {
    await tx.userLocale.upsert({ where: { userId }, create: { userId, locale }, update: { locale } });
  }
}
