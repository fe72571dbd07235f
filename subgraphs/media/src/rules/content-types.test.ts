import { describe, expect, it } from '@jest/globals';
import { checkDeclaredType, looksLikeMarkup, sniff } from './content-types.ts';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF');
const GIF = bytes('GIF89a', [1, 0, 1, 0]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');
const PDF = bytes('%PDF-1.7\n');
const ZIP = bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0]);

describe('checkDeclaredType', () => {
  it('allows images for avatars, and documents and code for course files', () => {
    expect(checkDeclaredType(' Image/PNG ', 'AVATAR')).toEqual({ ok: true, contentType: 'image/png' });
    expect(checkDeclaredType('application/pdf', 'AVATAR').ok).toBe(false);
    for (const type of ['application/pdf', 'application/zip', 'text/plain', 'text/x-python', 'image/webp'])
      expect(checkDeclaredType(type, 'ATTACHMENT').ok).toBe(true);
  });

  it('never allows HTML, SVG, XML, scripts or parameters', () => {
    for (const type of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/javascript', 'text/plain; charset=utf-8'])
      expect(checkDeclaredType(type, 'COURSE_ASSET').ok).toBe(false);
  });
});

describe('sniff', () => {
  it('accepts each type whose magic bytes match', () => {
    const cases: Array<[string, Buffer]> = [
      ['image/png', PNG],
      ['image/jpeg', JPEG],
      ['image/gif', GIF],
      ['image/webp', WEBP],
      ['application/pdf', PDF],
      ['application/zip', ZIP],
    ];
    for (const [type, head] of cases) expect(sniff(type, head, false)).toEqual({ ok: true, contentType: type });
  });

  it('rejects bytes of another type, empty files and disguised markup', () => {
    expect(sniff('image/png', JPEG, false)).toEqual({ ok: false, reason: 'the bytes are not image/png' });
    expect(sniff('application/pdf', ZIP, false).ok).toBe(false);
    expect(sniff('image/png', Buffer.alloc(0), true)).toEqual({ ok: false, reason: 'the file is empty' });
    expect(sniff('text/plain', bytes('\uFEFF  <!DOCTYPE html><script>alert(1)</script>'), true).ok).toBe(false);
    expect(sniff('text/plain', bytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), true).ok).toBe(false);
  });

  it('takes text and Python as UTF-8 without NUL, a prefix possibly cut inside a character', () => {
    expect(sniff('text/x-python', Buffer.from('def f(x):\n    return x < 2  # ok\n'), true).ok).toBe(true);
    const accented = Buffer.from('print("été")', 'utf8');
    // Cut in the middle of "é": fine for a prefix, not for a whole file.
    const cut = accented.subarray(0, accented.indexOf(0xa9));
    expect(sniff('text/plain', cut, false).ok).toBe(true);
    expect(sniff('text/plain', cut, true).ok).toBe(false);
    expect(sniff('text/plain', bytes('abc', [0], 'def'), true)).toEqual({ ok: false, reason: 'not UTF-8 text' });
    expect(sniff('text/plain', bytes([0xff, 0xfe, 0x41]), true).ok).toBe(false);
  });
});

describe('looksLikeMarkup', () => {
  it('sees pages and SVG after blanks and a BOM, not code that compares', () => {
    expect(looksLikeMarkup(bytes('\n\t<HTML>'))).toBe(true);
    expect(looksLikeMarkup(bytes('<?xml version="1.0"?><svg/>'))).toBe(true);
    expect(looksLikeMarkup(bytes('if a < b: pass'))).toBe(false);
    expect(looksLikeMarkup(PNG)).toBe(false);
  });
});
