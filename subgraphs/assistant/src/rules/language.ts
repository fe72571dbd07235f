/** Which text search configuration suits a text: french or english (the platform's two languages). */
export type SearchLanguage = 'english' | 'french';

const FRENCH = new Set(
  'le la les des du de un une est et pour dans que qui avec sur pas ce cette ces au aux en sont ou mais comme plus par nous vous il elle ils elles son sa ses leur on ne'.split(
    ' ',
  ),
);
const ENGLISH = new Set(
  'the a an is are and for in that which with on not this these to of or but as more by we you he she they his her their it be can'.split(
    ' ',
  ),
);

export function detectLanguage(text: string): SearchLanguage {
  let french = 0;
  let english = 0;
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    if (FRENCH.has(word)) french += 1;
    if (ENGLISH.has(word)) english += 1;
  }
  // French accents tip a short text.
  if (/[àâçéèêëîïôûùœ]/i.test(text)) french += 1;
  return french > english ? 'french' : 'english';
}
