import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { CertificatePdf, type CertificateFacts } from './certificate-pdf.ts';

const certificate: CertificateFacts = {
  code: '7K3M-9QXT-2HVD',
  holderName: 'Zoë Ünal',
  courseTitle: 'Python Basics: Loops & Functions',
  instructorName: 'Nadia Benali',
  issuedAt: new Date('2026-12-01T23:30:00.123Z'),
};
const VERIFY = 'https://learn.example.com/certificates/7K3M-9QXT-2HVD';

/** The text of the first page, and the document's metadata, as a PDF reader sees them. */
async function read(bytes: Buffer) {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const content = await (await pdf.getPage(1)).getTextContent();
  const text = content.items.map((item) => ('str' in item ? item.str : '')).join('\n');
  const info = (await pdf.getMetadata()).info as Record<string, unknown>;
  return { text, info, pages: pdf.numPages };
}

describe('CertificatePdf', () => {
  it('prints the holder, the course, the instructor, the date, the code and where to verify it', async () => {
    const { bytes } = await new CertificatePdf().render(certificate, VERIFY);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, info, pages } = await read(bytes);
    expect(pages).toBe(1);
    for (const expected of [
      'Certificate of Completion',
      'Zoë Ünal',
      'Python Basics: Loops & Functions',
      'taught by Nadia Benali',
      'Issued on 1 December 2026',
      'Certificate code: 7K3M-9QXT-2HVD',
      `Verify at ${VERIFY}`,
    ])
      expect(text).toContain(expected);
    expect(info).toMatchObject({ Author: 'DoctorPy', Title: 'Certificate 7K3M-9QXT-2HVD: Python Basics: Loops & Functions' });
  });

  it('gives the same bytes and ETag every time, dated by the issue date', async () => {
    const [first, second] = await Promise.all([
      new CertificatePdf().render(certificate, VERIFY),
      new CertificatePdf().render({ ...certificate }, VERIFY),
    ]);
    expect(first.bytes.equals(second.bytes)).toBe(true);
    expect(first.etag).toBe(second.etag);
    expect(first.etag).toMatch(/^"[\w-]{32}"$/);
    expect((await read(first.bytes)).info).toMatchObject({ CreationDate: 'D:20261201233000Z', ModDate: 'D:20261201233000Z' });
    const other = await new CertificatePdf().render({ ...certificate, code: '7K3M-9QXT-2HVE' }, VERIFY);
    expect(other.etag).not.toBe(first.etag);
  });

  it('leaves the instructor out when it is not known, and fits a long name and title', async () => {
    const { text } = await read(
      (
        await new CertificatePdf().render(
          { ...certificate, instructorName: null, holderName: 'W'.repeat(60), courseTitle: 'Advanced '.repeat(13).trim() },
          VERIFY,
        )
      ).bytes,
    );
    expect(text).not.toContain('taught by');
    expect(text).toContain('W'.repeat(60));
    expect(text).toContain('Certificate code: 7K3M-9QXT-2HVD');
  });

  it('brings names into what Helvetica prints, or prints them as they are with an embedded font', async () => {
    const named = { ...certificate, holderName: 'Ștefan Ада' };
    expect((await read((await new CertificatePdf().render(named, VERIFY)).bytes)).text).toContain('Stefan ???');
    // pdfjs-dist (a development dependency) ships a Liberation Sans with Cyrillic.
    const font = createRequire(import.meta.url).resolve('pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf');
    const embedded = new CertificatePdf(font);
    const [first, second] = await Promise.all([embedded.render(named, VERIFY), embedded.render(named, VERIFY)]);
    expect((await read(first.bytes)).text).toContain('Ștefan Ада');
    expect(first.bytes.equals(second.bytes)).toBe(true);
  });
});
