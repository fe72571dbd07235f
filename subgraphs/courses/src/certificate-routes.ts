/**
 * The public certificate routes, served on the gateway's host (rover.yaml `public_paths`):
 *   GET /certificates/<code>      the verification page (VALID or REVOKED)
 *   GET /certificates/<code>.pdf  the PDF, rendered on demand; 410 Gone once revoked
 * The code may be typed in any accepted spelling (lower case, without dashes). No sign-in: the
 * code is the credential, as printed on the certificate.
 */
import type { Express, Request, RequestHandler, Response } from 'express';
import { escapeHtml, page, verificationPage } from './certificate-page.ts';
import { normalizeCertificateCode } from './rules/certificate-code.ts';
import type { CoursesServices } from './services/index.ts';

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

const sendPage = (res: Response, status: number, title: string, body: string) =>
  void res.status(status).type('html').send(page(title, body));

export function certificateRoutes(app: Express, { certificates, certificatePdf, certificateRequests }: CoursesServices): void {
  app.get(
    '/certificates/:reference',
    handle(async (req, res) => {
      res.set({
        'x-content-type-options': 'nosniff',
        // The code is in the URL: no Referer carries it elsewhere, and no search engine keeps names.
        'referrer-policy': 'no-referrer',
        'x-robots-tag': 'noindex',
        'content-security-policy':
          "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        // Revalidated every time (cheap with the PDF's ETag): a revocation shows at once.
        'cache-control': 'no-cache',
      });
      const retryAfter = await certificateRequests.admit(req.header('x-client-address') ?? req.ip ?? 'unknown');
      if (retryAfter) {
        res.set('retry-after', String(retryAfter));
        return sendPage(res, 429, 'Too many requests', '<h1>Too many requests</h1><p>Please try again in a minute.</p>');
      }

      const reference = String(req.params.reference);
      const wantsPdf = /\.pdf$/i.test(reference);
      const code = normalizeCertificateCode(wantsPdf ? reference.slice(0, -4) : reference);
      if (!code)
        return sendPage(
          res,
          400,
          'Not a certificate code',
          '<h1>This is not a certificate code</h1><p>A code has 12 letters and digits: XXXX-XXXX-XXXX.</p>',
        );
      const certificate = await certificates.byCanonicalCode(code);
      if (!certificate)
        return sendPage(
          res,
          404,
          'Unknown certificate',
          `<h1>No certificate has the code <code>${escapeHtml(code)}</code></h1><p>Check the code printed on the certificate.</p>`,
        );
      const { verifyUrl, pdfUrl } = certificates.links;
      if (!wantsPdf) return void res.type('html').send(verificationPage(certificate, pdfUrl(code)));
      if (certificate.revokedAt)
        return sendPage(
          res,
          410,
          'Certificate revoked',
          `<h1>This certificate was revoked</h1><p><a href="${escapeHtml(verifyUrl(code))}">See its verification page</a>.</p>`,
        );
      const pdf = await certificatePdf.render(certificate, verifyUrl(code));
      // With the ETag set, send() answers a matching If-None-Match with 304 and no body.
      res
        .set({ etag: pdf.etag, 'content-disposition': `inline; filename="doctorpy-certificate-${code}.pdf"` })
        .type('application/pdf')
        .send(pdf.bytes);
    }),
  );
}
