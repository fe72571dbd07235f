/**
 * The web console (/console, a single-page app), the offline GraphQL explorer (/explorer) and a
 * small landing page at / that links them with Apollo Sandbox (GET /graphql). They are the built
 * files of console/ (Vite), served from this origin only: a Content-Security-Policy of 'self'
 * forbids any other origin, so the pages cannot load from a CDN nor call anything but this
 * gateway. Hashed assets are cached for good; the HTML is revalidated so a new build shows at once.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Express, type Response } from 'express';

export interface ConsoleOptions {
  /** The folder of the build (index.html, explorer.html, assets/). */
  dir: string;
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // The explorer's editor (Monaco) writes its own <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

function secure(res: Response): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
}

const LANDING = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>DoctorPy</title><link rel="icon" href="/console/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/console/landing.css"></head>
<body><main><h1>DoctorPy</h1><p>One federated GraphQL API for the DoctorPy e-learning platform.</p><ul>
<li><a href="/console/">Console</a>: the web client for learners, and the live dashboard for analysts.</li>
<li><a href="/explorer">GraphQL explorer</a>: GraphiQL served from this gateway, subscriptions included (works offline).</li>
<li><a href="/graphql">Apollo Sandbox</a>: Apollo's explorer (loads from Apollo's CDN: needs internet access).</li>
</ul></main></body></html>`;

export function mountConsoleRoutes(app: Express, options: ConsoleOptions): void {
  const dir = resolve(options.dir);
  const page = (name: string) => (_req: unknown, res: Response) => {
    secure(res);
    res.setHeader('cache-control', REVALIDATE);
    const file = join(dir, name);
    if (!existsSync(file)) {
      res
        .status(503)
        .type('text/plain')
        .send('The console is not built: run `npm run console:build` (npm start builds it when missing).');
      return;
    }
    res.sendFile(file);
  };

  app.get('/', (_req, res) => {
    secure(res);
    res.setHeader('cache-control', REVALIDATE);
    res.type('html').send(LANDING);
  });
  app.get('/explorer', page('explorer.html'));
  app.use(
    '/console/assets',
    express.static(join(dir, 'assets'), {
      index: false,
      setHeaders: (res) => {
        secure(res);
        res.setHeader('cache-control', IMMUTABLE);
      },
    }),
  );
  app.use('/console/assets', (_req, res) => {
    secure(res);
    res.status(404).type('text/plain').send('Not found');
  });
  // Unhashed files of the build (the icon, the landing page's style) change rarely.
  app.use(
    '/console',
    express.static(dir, {
      index: false,
      setHeaders: (res, path) => {
        secure(res);
        res.setHeader('cache-control', path.endsWith('.html') ? REVALIDATE : 'public, max-age=3600');
      },
    }),
  );
  // Every other /console path is a page of the app: the app routes it.
  app.get(['/console', '/console/{*path}'], page('index.html'));
}
