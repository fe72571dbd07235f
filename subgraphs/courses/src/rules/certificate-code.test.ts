import { describe, expect, it } from '@jest/globals';
import {
  CODE_ALPHABET,
  generateCertificateCode,
  isCanonicalCode,
  MAX_CODE_INPUT,
  normalizeCertificateCode,
} from './certificate-code.ts';

describe('generateCertificateCode', () => {
  it('makes XXXX-XXXX-XXXX codes of Crockford base32 symbols', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateCertificateCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(isCanonicalCode(code)).toBe(true);
    }
  });

  it('takes each symbol from the random source over the whole alphabet (60 bits)', () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    const asked: number[] = [];
    const code = generateCertificateCode((max) => {
      asked.push(max);
      return asked.length === 1 ? 31 : 0;
    });
    expect(asked).toEqual(Array(12).fill(32));
    expect(code).toBe('Z000-0000-0000');
  });

  it('does not repeat itself', () => {
    const codes = new Set(Array.from({ length: 2_000 }, () => generateCertificateCode()));
    expect(codes.size).toBe(2_000);
  });
});

describe('normalizeCertificateCode', () => {
  it('keeps a canonical code as it is', () => {
    expect(normalizeCertificateCode('7K3M-9QXT-2HVD')).toBe('7K3M-9QXT-2HVD');
  });

  it('accepts any case, and dashes or spaces anywhere or nowhere', () => {
    for (const typed of [
      '7k3m-9qxt-2hvd',
      '7K3M9QXT2HVD',
      '7k3m9qxt2hvd',
      ' 7K3M 9QXT 2HVD ',
      '7K-3M9Q--XT2H-VD',
      '7K3M\t9QXT\n2HVD',
    ])
      expect(normalizeCertificateCode(typed)).toBe('7K3M-9QXT-2HVD');
  });

  it("reads Crockford's look-alikes as the digits they resemble: O as 0, I and L as 1", () => {
    expect(normalizeCertificateCode('OOOO-IIII-LLLL')).toBe('0000-1111-1111');
    expect(normalizeCertificateCode('o0o0-i1l1-abcd')).toBe('0000-1111-ABCD');
  });

  it('refuses what cannot be a code', () => {
    for (const hostile of [
      '',
      '----',
      '7K3M-9QXT-2HV', // 11 symbols
      '7K3M-9QXT-2HVDX', // 13 symbols
      '7K3M-9QXT-2HVU', // U is not in the alphabet
      '7K3M-9QXT-2HV*',
      "7K3M-9QXT-2H'D",
      '7K3M-9QXT-2HVÉ',
      '７K3M-9QXT-2HVD', // a full-width digit
      '7K3M_9QXT_2HVD',
      '<script>alert(1)</script>',
      '7K3M-9QXT-2HVD\u0000',
      'A'.repeat(10_000),
    ])
      expect(normalizeCertificateCode(hostile)).toBeNull();
  });

  it('refuses input longer than MAX_CODE_INPUT before looking at it, even if it is mostly spaces', () => {
    const padded = `7K3M-9QXT-2HVD${' '.repeat(MAX_CODE_INPUT)}`;
    expect(normalizeCertificateCode(padded)).toBeNull();
    expect(normalizeCertificateCode(padded.slice(0, MAX_CODE_INPUT))).toBe('7K3M-9QXT-2HVD');
  });

  it('round-trips every generated code, whatever the case', () => {
    for (let i = 0; i < 100; i++) {
      const code = generateCertificateCode();
      expect(normalizeCertificateCode(code.toLowerCase().replaceAll('-', ''))).toBe(code);
    }
  });
});
