/**
 * Renders an email in the recipient's language as plain text and HTML: every value is escaped in
 * the HTML, links are http(s) only, the subject is one line. Pure, so the rules are unit-tested.
 */
import { canonicalLocale, supportedLocaleOf } from '#libs/i18n/locales.ts';
import type { EmailCategory } from '../generated/prisma/enums.ts';
import { CATEGORY_OF, type Draft, type EmailContent, type FooterWords, type Template } from './content.ts';
import * as en from './en.ts';
import * as fr from './fr.ts';

export type EmailLocale = 'en' | 'fr';

const LANGUAGES: Record<EmailLocale, { template: Template; footer: FooterWords }> = { en, fr };

export interface RenderOptions {
  /** The recipient's Profile.locale (any BCP 47 tag); emails are written in English or French. */
  locale: string | null | undefined;
  /** The recipient's IANA timezone; an unknown one falls back to UTC. */
  timeZone: string | null | undefined;
  recipientName: string;
  appUrl: string;
  /** The one-click link of the email's category; none for ACCOUNT emails. */
  unsubscribeUrl?: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  locale: EmailLocale;
  category: EmailCategory;
}

/** English unless the recipient's locale is French (fr, fr-CA, ...). */
export function emailLocale(locale: string | null | undefined): EmailLocale {
  const canonical = locale ? canonicalLocale(locale) : undefined;
  return canonical && supportedLocaleOf(canonical)?.startsWith('fr') ? 'fr' : 'en';
}

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

const isWebUrl = (url: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
};

const dateTimeOptions = (zone: string): Intl.DateTimeFormatOptions => ({
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: zone,
  timeZoneName: 'short',
});

/** Date-times in the recipient's language and timezone, with the zone named (UTC when it is unknown). */
function formatterFor(locale: EmailLocale, timeZone: string | null | undefined): (instant: Date) => string {
  const options = dateTimeOptions;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, options(timeZone || 'UTC'));
  } catch {
    format = new Intl.DateTimeFormat(locale, options('UTC'));
  }
  return (instant) => format.format(instant);
}

/** A paragraph of HTML: escaped, blank lines start a new paragraph, single line breaks stay. */
const htmlParagraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((part) => `<p>${escapeHtml(part.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');

function toHtml(draft: Draft, locale: EmailLocale, footerText: string, unsubscribeUrl: string | undefined): string {
  const action =
    draft.action && isWebUrl(draft.action.url)
      ? `<p><a href="${escapeHtml(draft.action.url)}" style="display:inline-block;padding:10px 18px;background:#3776ab;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(draft.action.label)}</a></p>`
      : '';
  const unsubscribe = unsubscribeUrl ? ` <a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(unsubscribeUrl)}</a>` : '';
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(draft.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1rem;color:#1b1f24">
<p>${escapeHtml(draft.greeting)}</p>
${draft.paragraphs.map(htmlParagraphs).join('\n')}
${action}
<hr><p style="color:#57606a;font-size:.85rem">${escapeHtml(footerText)}${unsubscribe}</p>
</body></html>
`;
}

function toText(draft: Draft, footerText: string, unsubscribeUrl: string | undefined): string {
  const action = draft.action && isWebUrl(draft.action.url) ? [`${draft.action.label}: ${draft.action.url}`] : [];
  return [
    draft.greeting,
    ...draft.paragraphs,
    ...action,
    '--',
    unsubscribeUrl ? `${footerText} ${unsubscribeUrl}` : footerText,
  ].join('\n\n');
}

export function renderEmail(content: EmailContent, options: RenderOptions): RenderedEmail {
  const locale = emailLocale(options.locale);
  const { template, footer } = LANGUAGES[locale];
  const category = CATEGORY_OF[content.kind];
  const draft = template(content, {
    recipientName: options.recipientName,
    when: formatterFor(locale, options.timeZone),
    appUrl: options.appUrl,
  });
  const unsubscribeUrl = category === 'ACCOUNT' ? undefined : options.unsubscribeUrl;
  const footerText = unsubscribeUrl ? footer.unsubscribe(category) : footer.transactional;
  return {
    // One line, however a title or a name was written: a header cannot be split.
    subject: draft.subject.replace(/\s+/g, ' ').trim(),
    text: toText(draft, footerText, unsubscribeUrl),
    html: toHtml(draft, locale, footerText, unsubscribeUrl),
    locale,
    category,
  };
}
