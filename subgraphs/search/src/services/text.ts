/** Pure text helpers of both engines: markdown to plain text, query parsing, edit distance. */

/** Plain text of markdown: code kept (learners search for `range` or `enumerate`), markup dropped. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/```[a-z]*\n?/gi, ' ')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_~|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The Postgres text search configuration of a document's language. */
export const textConfig = (language: string): 'french' | 'english' => (language.startsWith('fr') ? 'french' : 'english');

export interface ParsedQuery {
  /** "Quoted phrases", in order. */
  phrases: string[];
  /** The other words (lower-case), `-excluded` ones and `or` left out. */
  words: string[];
  /** Words after a minus sign. */
  excluded: string[];
}

const WORD = /[\p{L}\p{N}_]+/gu;

export function parseQuery(query: string): ParsedQuery {
  const phrases: string[] = [];
  const rest = query.replace(/"([^"]*)"?/g, (_match, phrase: string) => {
    if (phrase.trim()) phrases.push(phrase.trim());
    return ' ';
  });
  const words: string[] = [];
  const excluded: string[] = [];
  for (const token of rest.split(/\s+/)) {
    if (!token || token.toLowerCase() === 'or') continue;
    const target = token.startsWith('-') ? excluded : words;
    for (const word of token.toLowerCase().match(WORD) ?? []) target.push(word);
  }
  return { phrases, words, excluded };
}

/** Edits allowed for a word of this length, as Elasticsearch's fuzziness AUTO: 0 up to 2 letters, 1 up to 5, then 2. */
export const editBudget = (length: number): number => (length <= 2 ? 0 : length <= 5 ? 1 : 2);

/** Damerau-Levenshtein distance (optimal string alignment): a swap of neighbours is one edit (pyhton → python). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_row, i) =>
    Array.from({ length: cols }, (_column, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known term closest to `word` within its edit budget (fewest edits, then the most frequent),
 * or undefined. Candidates share the first letter, as Elasticsearch's prefix_length 1.
 */
export function closestTerm(word: string, candidates: ReadonlyArray<{ term: string; docCount: number }>): string | undefined {
  const budget = editBudget(word.length);
  let best: { term: string; distance: number; docCount: number } | undefined;
  for (const { term, docCount } of candidates) {
    if (term[0] !== word[0] || Math.abs(term.length - word.length) > budget) continue;
    const distance = editDistance(word, term);
    if (distance > budget) continue;
    if (!best || distance < best.distance || (distance === best.distance && docCount > best.docCount))
      best = { term, distance, docCount };
  }
  return best?.term;
}

/** Rewrites the query with each unknown word replaced by its closest known term; phrases and operators untouched. */
export function correctQuery(query: string, corrections: ReadonlyMap<string, string>): string {
  if (!corrections.size) return query;
  let inPhrase = false;
  return query
    .split(/(")/)
    .map((part) => {
      if (part === '"') {
        inPhrase = !inPhrase;
        return part;
      }
      if (inPhrase) return part;
      return part.replace(WORD, (word) => corrections.get(word.toLowerCase()) ?? word);
    })
    .join('');
}

/** Escapes text for HTML, so that the only markup in a snippet is the engine's <mark>. */
export const escapeHtml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
