/**
 * Certificate codes: 12 symbols of Crockford's base32 (60 random bits), shown as XXXX-XXXX-XXXX.
 * Short enough to type from a printed page, too many to guess: with a million certificates issued,
 * a guess hits one with a chance of 2^20 / 2^60 = 1 in 10^12.
 * Reading one back forgives what people do when typing: any case, dashes or spaces anywhere, and
 * Crockford's look-alikes (O for 0, I and L for 1).
 */
import { randomInt } from 'node:crypto';

/** Crockford's base32: digits and letters without I, L, O and U. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_SYMBOLS = 12;
const GROUP = 4;
/** Far above a code typed with generous spacing: longer input is refused before any work. */
export const MAX_CODE_INPUT = 64;

const LOOK_ALIKES: Record<string, string> = { O: '0', I: '1', L: '1' };
const SEPARATORS = /[\s-]+/g;
const CANONICAL = new RegExp(`^[${CODE_ALPHABET}]{${GROUP}}(?:-[${CODE_ALPHABET}]{${GROUP}}){${CODE_SYMBOLS / GROUP - 1}}$`);

/** "ABCDEFGHJKMN" → "ABCD-EFGH-JKMN". */
const grouped = (symbols: string) => symbols.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');

/** A new code from the system's cryptographic random source. */
export function generateCertificateCode(random: (max: number) => number = randomInt): string {
  let symbols = '';
  for (let i = 0; i < CODE_SYMBOLS; i++) symbols += CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return grouped(symbols);
}

export const isCanonicalCode = (code: string): boolean => CANONICAL.test(code);

/**
 * The canonical form (XXXX-XXXX-XXXX) of what someone typed, or null when it cannot be a code:
 * wrong length, a symbol outside the alphabet (U included), or more than MAX_CODE_INPUT characters.
 */
export function normalizeCertificateCode(input: string): string | null {
  if (input.length > MAX_CODE_INPUT) return null;
  const symbols = [...input.replace(SEPARATORS, '').toUpperCase()].map((symbol) => LOOK_ALIKES[symbol] ?? symbol).join('');
  if (symbols.length !== CODE_SYMBOLS || [...symbols].some((symbol) => !CODE_ALPHABET.includes(symbol))) return null;
  return grouped(symbols);
}
