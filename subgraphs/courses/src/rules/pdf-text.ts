/**
 * Text for the PDF's built-in fonts. Helvetica (a standard PDF font, nothing embedded) knows the
 * Windows-1252 characters only: Western European letters and common punctuation. Anything else
 * would print as garbage, so it is brought into that set: accents that cannot be kept are dropped
 * (Ș becomes S), and what is left becomes "?" (other scripts, and letters such as Ł that are not
 * an accented Latin letter). With CERTIFICATE_FONT (a TrueType font embedded in the PDF) names
 * are printed as they are and this is not used.
 */

/** The Unicode characters of Windows-1252's 0x80-0x9F range (the rest of Latin-1 maps to itself). */
const WIN_1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const printable = (char: string): boolean => {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_1252_EXTRAS.has(char);
};

const COMBINING_MARKS = /\p{M}/gu;
const CONTROL = /\p{Cc}/gu;

/** `text` with every character printable by the standard fonts (see above). */
export function toWinAnsi(text: string): string {
  let result = '';
  for (const char of text.normalize('NFC').replace(CONTROL, ' ')) {
    if (printable(char)) {
      result += char;
      continue;
    }
    const stripped = char.normalize('NFKD').replace(COMBINING_MARKS, '');
    result += stripped && [...stripped].every(printable) ? stripped : '?';
  }
  return result;
}
