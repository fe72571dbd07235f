/**
 * The certificate as a PDF (pdfkit), rendered on demand from what the certificate froze at issue.
 * Deterministic: the same certificate gives the same bytes on every request, process and replica
 * (the document's dates are its issue date, its file ID is derived from them, nothing random), so
 * an ETag of the bytes lets clients and caches keep it. Nothing is stored: no dependency on file
 * storage, and a new layout applies to every certificate at once with nothing to migrate.
 */
import { createHash } from 'node:crypto';
import PdfDocument from 'pdfkit';
import type { Certificate } from '../generated/prisma/client.ts';
import { issueDate } from '../rules/issue-date.ts';
import { toWinAnsi } from '../rules/pdf-text.ts';
import { qrDrawing } from './qr-code.ts';

export type CertificateFacts = Pick<Certificate, 'code' | 'holderName' | 'courseTitle' | 'instructorName' | 'issuedAt'>;

export interface RenderedPdf {
  bytes: Buffer;
  /** A strong ETag: a digest of the bytes. */
  etag: string;
}

// A4 landscape, in points.
const WIDTH = 841.89;
const HEIGHT = 595.28;
const MARGIN = 56;
const INK = '#1b1f24';
const MUTED = '#57606a';
const ACCENT = '#2f6f4e';

export class CertificatePdf {
  /** `fontPath`: a TrueType font to embed (any script); the standard Helvetica otherwise. */
  constructor(private readonly fontPath?: string) {}

  async render(certificate: CertificateFacts, verifyUrl: string): Promise<RenderedPdf> {
    const text = this.fontPath ? (value: string) => value : toWinAnsi;
    const doc = new PdfDocument({
      size: 'A4',
      layout: 'landscape',
      margin: MARGIN,
      info: {
        Title: text(`Certificate ${certificate.code}: ${certificate.courseTitle}`),
        Author: 'DoctorPy',
        Subject: text(`${certificate.holderName} completed ${certificate.courseTitle}`),
        CreationDate: certificate.issuedAt,
        ModDate: certificate.issuedAt,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolve, reject) => {
      doc.on('end', resolve);
      doc.on('error', reject);
    });
    if (this.fontPath) doc.registerFont('Regular', this.fontPath).registerFont('Bold', this.fontPath);
    else doc.registerFont('Regular', 'Helvetica').registerFont('Bold', 'Helvetica-Bold');

    const width = WIDTH - 2 * MARGIN;
    doc
      .lineWidth(3)
      .strokeColor(ACCENT)
      .rect(24, 24, WIDTH - 48, HEIGHT - 48)
      .stroke();
    doc
      .lineWidth(0.75)
      .rect(32, 32, WIDTH - 64, HEIGHT - 64)
      .stroke();

    const line = (value: string, font: 'Regular' | 'Bold', size: number, color: string, gap = 0) =>
      doc
        .font(font)
        .fontSize(size)
        .fillColor(color)
        .text(value, MARGIN, doc.y + gap, { width, align: 'center' });

    doc.y = 84;
    line('DoctorPy', 'Bold', 16, ACCENT);
    line('Certificate of Completion', 'Bold', 32, INK, 10);
    line('This certifies that', 'Regular', 14, MUTED, 22);
    const name = text(certificate.holderName);
    line(name, 'Bold', fitSize(doc.font('Bold'), name, width, 34, 12), INK, 8);
    line('has completed the course', 'Regular', 14, MUTED, 10);
    doc.font('Bold').fontSize(22).fillColor(INK);
    doc.text(text(certificate.courseTitle), MARGIN + 60, doc.y + 8, {
      width: width - 120,
      align: 'center',
      height: 84,
      ellipsis: true,
    });
    if (certificate.instructorName) line(`taught by ${text(certificate.instructorName)}`, 'Regular', 14, MUTED, 8);

    const footer = HEIGHT - 150;
    doc.font('Regular').fontSize(12).fillColor(INK);
    doc.text(`Issued on ${issueDate(certificate.issuedAt)}`, MARGIN + 20, footer);
    doc.text(`Certificate code: ${certificate.code}`, MARGIN + 20, footer + 20);
    doc
      .fillColor(MUTED)
      .fontSize(10)
      .text(`Verify at ${verifyUrl}`, MARGIN + 20, footer + 42, { width: width - 160 });
    drawQr(doc, verifyUrl, WIDTH - MARGIN - 100, footer - 16, 100);

    doc.end();
    await ended;
    const bytes = Buffer.concat(chunks);
    return { bytes, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"` };
  }
}

/** The QR code of `text` as a `width`-point square at (x, y), black on white. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number): void {
  const { size, runs } = qrDrawing(text);
  const module = width / size;
  doc.save().fillColor('#000000');
  for (const run of runs) doc.rect(x + run.column * module, y + run.row * module, run.length * module, module);
  doc.fill().restore();
}

/** The largest size, from `max` down to `min`, at which `value` fits on one line of `width`. */
function fitSize(doc: PDFKit.PDFDocument, value: string, width: number, max: number, min: number): number {
  for (let size = max; size > min; size -= 2) if (doc.fontSize(size).widthOfString(value) <= width) return size;
  return min;
}
