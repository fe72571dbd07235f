import { describe, expect, it } from '@jest/globals';
import { toWinAnsi } from './pdf-text.ts';

describe('toWinAnsi', () => {
  it('keeps ASCII, Latin-1 letters and Windows-1252 punctuation', () => {
    expect(toWinAnsi('Zoë Ünal-Müller')).toBe('Zoë Ünal-Müller');
    expect(toWinAnsi('François Œuvray — “Python” 100 € ™')).toBe('François Œuvray — “Python” 100 € ™');
  });

  it('drops accents the fonts cannot print and keeps the letter', () => {
    expect(toWinAnsi('Ștefan Čapek')).toBe('Stefan Capek');
    expect(toWinAnsi('Nguyễn Thị Ánh')).toBe('Nguyen Thi Ánh');
  });

  it('composes decomposed input first, so a letter that has a Latin-1 form keeps its accent', () => {
    expect(toWinAnsi('Zoe\u0308')).toBe('Zoë');
  });

  it('replaces other scripts and symbols with "?", one per character', () => {
    expect(toWinAnsi('李小龙')).toBe('???');
    expect(toWinAnsi('Ада')).toBe('???');
    expect(toWinAnsi('Ann 🐍')).toBe('Ann ?');
    expect(toWinAnsi('Łukasz')).toBe('?ukasz');
  });

  it('turns control characters into spaces', () => {
    expect(toWinAnsi('Ann\u0000Lee\nBo')).toBe('Ann Lee Bo');
  });
});
