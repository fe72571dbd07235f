/**
 * The public verification page of a certificate (HTML, every value escaped): the holder's name,
 * the course, the date and whether it is VALID or REVOKED; nothing else about the holder.
 */
import type { Certificate } from './generated/prisma/client.ts';
import { issueDate } from './rules/issue-date.ts';

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

export const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · DoctorPy</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}
.status{display:inline-block;font-weight:700;padding:.2rem .7rem;border-radius:.3rem;letter-spacing:.05em}
.valid{background:#dafbe1;color:#1a7f37}.revoked{background:#ffebe9;color:#cf222e}
dt{color:#57606a;font-size:.9rem;margin-top:1rem}dd{margin:0;font-size:1.2rem}code{font-size:1.1rem}</style></head>
<body>${body}</body></html>`;

type Shown = Pick<Certificate, 'code' | 'holderName' | 'courseTitle' | 'issuedAt' | 'revokedAt'>;

export function verificationPage(certificate: Shown, pdfUrl: string): string {
  const revoked = certificate.revokedAt
    ? `<p class="status revoked">REVOKED</p><p>This certificate was revoked on ${escapeHtml(issueDate(certificate.revokedAt))}: it no longer certifies that the course was completed.</p>`
    : '<p class="status valid">VALID</p>';
  const download = certificate.revokedAt ? '' : `<p><a href="${escapeHtml(pdfUrl)}">Download the certificate (PDF)</a></p>`;
  return page(
    `Certificate ${certificate.code}`,
    `<h1>Certificate of Completion</h1>${revoked}<dl>` +
      `<dt>Awarded to</dt><dd>${escapeHtml(certificate.holderName)}</dd>` +
      `<dt>Course</dt><dd>${escapeHtml(certificate.courseTitle)}</dd>` +
      `<dt>Completed on</dt><dd>${escapeHtml(issueDate(certificate.issuedAt))}</dd>` +
      `<dt>Code</dt><dd><code>${escapeHtml(certificate.code)}</code></dd></dl>${download}`,
  );
}
