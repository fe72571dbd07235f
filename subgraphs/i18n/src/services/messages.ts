/**
 * Interface strings: the built-in catalogs (libs/i18n) with admins' edits on top, looked up along a
 * locale's fallback chain. An edit commits with MESSAGE_UPDATED, so the subgraphs that render texts
 * (notifications) apply it too.
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import { notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { parseInput } from '#platform/validation.ts';
import { builtInKeys, builtInLookup, lookupMessage, NAMESPACES } from '#libs/i18n/catalog.ts';
import { DEFAULT_LOCALE, fallbackChain } from '#libs/i18n/locales.ts';
import { z } from 'zod';
import type { I18nDb } from '../db.ts';
import { localeTag, messageKey, messageValue, namespaceName, writableLocale } from './inputs.ts';

export interface MessageView {
  key: string;
  value: string;
  locale: string;
}

const listArgs = z.object({ locale: localeTag, namespace: namespaceName });
const upsertArgs = z.object({ locale: writableLocale, namespace: namespaceName, key: messageKey, value: messageValue });

type Overrides = Map<string, string>;
const slot = (locale: string, key: string) => `${locale}\u0000${key}`;

export class Messages {
  constructor(
    private readonly db: I18nDb,
    private readonly events: SubgraphEvents,
  ) {}

  /** Every key of the namespace, each from the first locale of the chain that has it. NOT_FOUND for a namespace with no key at all. */
  async list(raw: { locale: string; namespace: string }): Promise<MessageView[]> {
    const { locale, namespace } = parseInput(listArgs, raw);
    const chain = fallbackChain(locale);
    const overrides = await this.overrides(namespace, chain);
    const keys = new Set([...builtInKeys(namespace), ...[...overrides.keys()].map((entry) => entry.split('\u0000')[1]!)]);
    if (!keys.size) throw notFound('Namespace', namespace);
    const lookup = (tag: string, ns: string, key: string) => overrides.get(slot(tag, key)) ?? builtInLookup(tag, ns, key);
    return [...keys].sort().flatMap((key) => {
      const found = lookupMessage(lookup, locale, namespace, key);
      return found ? [{ key, ...found }] : [];
    });
  }

  async upsert(viewer: Viewer, raw: { locale: string; namespace: string; key: string; value: string }): Promise<MessageView> {
    const { locale, namespace, key, value } = parseInput(upsertArgs, raw);
    return this.events.transaction(this.db, async (tx) => {
      const row = await tx.messageOverride.upsert({
        where: { locale_namespace_key: { locale, namespace, key } },
        create: { locale, namespace, key, value, updatedBy: viewer.userId },
        update: { value, updatedBy: viewer.userId },
      });
      await this.events.stage(tx, 'MESSAGE_UPDATED', { locale, namespace, key, value, updatedAt: row.updatedAt.toISOString() });
      return { key, value, locale };
    });
  }

  /** Keys with no text in `locale` nor in its language (they would show in English). */
  async missing(locale: string): Promise<Array<{ namespace: string; key: string; source: string }>> {
    const chain = fallbackChain(locale).filter((tag) => tag !== DEFAULT_LOCALE);
    const rows = await this.db.messageOverride.findMany({ where: { locale: { in: [...chain, DEFAULT_LOCALE] } } });
    const has = new Set(rows.filter((row) => row.locale !== DEFAULT_LOCALE).map((row) => `${row.namespace}\u0000${row.key}`));
    const english = new Map<string, string>();
    for (const namespace of NAMESPACES)
      for (const key of builtInKeys(namespace))
        english.set(`${namespace}\u0000${key}`, builtInLookup(DEFAULT_LOCALE, namespace, key)!);
    for (const row of rows) if (row.locale === DEFAULT_LOCALE) english.set(`${row.namespace}\u0000${row.key}`, row.value);
    const missing: Array<{ namespace: string; key: string; source: string }> = [];
    for (const [entry, source] of english) {
      const [namespace, key] = entry.split('\u0000') as [string, string];
      if (has.has(entry) || chain.some((tag) => builtInLookup(tag, namespace, key) !== undefined)) continue;
      missing.push({ namespace, key, source });
    }
    return missing.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.key.localeCompare(b.key));
  }

  private async overrides(namespace: string, chain: string[]): Promise<Overrides> {
    const rows = await this.db.messageOverride.findMany({ where: { namespace, locale: { in: chain } } });
    return new Map(rows.map((row) => [slot(row.locale, row.key), row.value]));
  }
}
