import { parseInput } from '#platform/validation.ts';
import type { QueryResolvers } from '../generated/graphql.ts';
import { translationLocale } from '../services/inputs.ts';

export const Query: QueryResolvers = {
  locales: (_parent, _args, { services }) => [...services.locales.list()],
  viewerLocale: (_parent, _args, { services, viewer, acceptLanguage }) => services.locales.viewerLocale(viewer, acceptLanguage),
  messages: (_parent, args, { services }) => services.messages.list(args),
  missingTranslations: async (_parent, args, { services }) => {
    const locale = parseInput(translationLocale, args.locale);
    const messages = await services.messages.missing(locale);
    return [
      ...messages.map((message) => ({ kind: 'MESSAGE' as const, ...message })),
      ...(await services.translations.missing(locale)),
    ];
  },
};
