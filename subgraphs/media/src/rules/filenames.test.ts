import { describe, expect, it } from '@jest/globals';
import { checkFilename, contentDisposition } from './filenames.ts';

describe('checkFilename', () => {
  it('keeps plain names, accents and dots as they are (NFC)', () => {
    expect(checkFilename('notes.py')).toEqual({ ok: true, filename: 'notes.py' });
    expect(checkFilename('Résumé final.v2.pdf')).toEqual({ ok: true, filename: 'Résumé final.v2.pdf' });
    expect(checkFilename('e\u0301te.txt')).toEqual({ ok: true, filename: '\u00e9te.txt' });
  });

  it('refuses paths, controls, bidirectional tricks, dot names, blanks and long names', () => {
    const hostile = [
      '../../etc/passwd',
      'dir/file.txt',
      'C:\\Windows\\win.ini',
      'a\u0000b.png',
      'line\nbreak.txt',
      'tab\there.txt',
      'bell\u0007.txt',
      'c1\u0085.txt',
      'invoice\u202Egpj.exe',
      'isolate\u2066.txt',
      '.',
      '..',
      '',
      '   ',
      ' padded.txt',
      'padded.txt ',
      'x'.repeat(256),
    ];
    for (const name of hostile) expect({ name, ok: checkFilename(name).ok }).toEqual({ name, ok: false });
    expect(checkFilename('x'.repeat(255)).ok).toBe(true);
    // Characters, not UTF-16 units: 255 emoji are fine.
    expect(checkFilename('😀'.repeat(255)).ok).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('cours "final".pdf', false)).toBe(
      `attachment; filename="cours _final_.pdf"; filename*=UTF-8''cours%20%22final%22.pdf`,
    );
    expect(contentDisposition('été (1).png', true)).toBe(
      `inline; filename="_t_ (1).png"; filename*=UTF-8''%C3%A9t%C3%A9%20%281%29.png`,
    );
  });
});
