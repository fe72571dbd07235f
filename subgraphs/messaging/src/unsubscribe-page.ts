/**
 * The unsubscribe link of every email (rover.yaml public_paths: served on the gateway's host, no
 * sign-in; the signed token is the authority). GET is the link a person clicks: it unsubscribes at
 * once and says so in their language. POST is RFC 8058's one-click unsubscribe that mail clients
 * send from the List-Unsubscribe-Post header.
 */
import type { Express, Request, RequestHandler, Response } from 'express';
import { emailLocale, escapeHtml } from './email/render.ts';
import type { MessagingServices } from './services/index.ts';
import { UNSUBSCRIBE_PATH, type Unsubscribable } from './services/unsubscribe.ts';

const WORDS = {
  en: {
    done: 'You are unsubscribed',
    what: (category: string) => `You will no longer receive ${category} emails from DoctorPy.`,
    again: 'You can turn them back on in your notification settings.',
    invalid: 'This unsubscribe link is not valid',
    invalidWhy: 'It may have been cut or changed. Use the link of a recent email, or your notification settings.',
    categories: { ANNOUNCEMENTS: 'course announcement', BOOKINGS: 'booking', MESSAGES: 'message', WEBINARS: 'webinar' },
  },
  fr: {
    done: 'Vous êtes désabonné',
    what: (category: string) => `Vous ne recevrez plus les emails ${category} de DoctorPy.`,
    again: 'Vous pouvez les réactiver dans vos préférences de notification.',
    invalid: 'Ce lien de désabonnement n’est pas valide',
    invalidWhy: 'Il a peut-être été coupé ou modifié. Utilisez le lien d’un email récent, ou vos préférences de notification.',
    categories: {
      ANNOUNCEMENTS: 'd’annonces de cours',
      BOOKINGS: 'de réservations',
      MESSAGES: 'de messages',
      WEBINARS: 'de webinars',
    },
  },
} satisfies Record<string, { categories: Record<Unsubscribable, string> } & Record<string, unknown>>;

const page = (lang: 'en' | 'fr', title: string, text: string) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · DoctorPy</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}</style></head>
<body><h1>${escapeHtml(title)}</h1>${text}</body></html>`;

/** Express 5 forwards a rejected promise to the error handler; this says so to the linter too. */
const handle =
  (work: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  async (req, res, next) => {
    try {
      await work(req, res);
    } catch (error) {
      next(error);
    }
  };

export function unsubscribeRoutes(app: Express, { links }: MessagingServices): void {
  app.get(
    UNSUBSCRIBE_PATH,
    handle(async (req, res) => {
      const outcome = await links.follow(req.query.token);
      res.set('cache-control', 'no-store');
      if (!outcome.ok) {
        const lang = emailLocale(req.header('accept-language')?.split(/[,;]/)[0]);
        const words = WORDS[lang];
        res
          .status(400)
          .type('html')
          .send(page(lang, words.invalid, `<p>${escapeHtml(words.invalidWhy)}</p>`));
        return;
      }
      const lang = emailLocale(outcome.locale);
      const words = WORDS[lang];
      res
        .type('html')
        .send(
          page(
            lang,
            words.done,
            `<p>${escapeHtml(words.what(words.categories[outcome.category]))}</p><p>${escapeHtml(words.again)}</p>`,
          ),
        );
    }),
  );
  app.post(
    UNSUBSCRIBE_PATH,
    handle(async (req, res) => {
      const outcome = await links.follow(req.query.token);
      res.set('cache-control', 'no-store');
      res.status(outcome.ok ? 200 : 400).json(outcome.ok ? { unsubscribed: outcome.category } : { error: 'invalid token' });
    }),
  );
}
