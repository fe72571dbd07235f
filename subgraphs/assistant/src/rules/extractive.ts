/**
 * The offline provider: composes an answer from the best passages themselves, their most
 * relevant sentences and code, each cited. No model, so `npm start` answers with nothing else
 * running. Under the pedagogy guard it gives the stage's hint and never code.
 */
import { blocksOf, withoutCode } from './chunking.ts';
import type { GuardStage } from './guard.ts';
import type { QueryType } from './query-type.ts';

export interface SourcePassage {
  heading: string;
  text: string;
  kind: 'LESSON' | 'QUEST';
  /** A quest step's hint: given under the guard only, from the second hint on. */
  hint?: string | null;
}

const STOPWORDS = new Set(
  'a an the is are was were be to of in on for and or with what how why when which who does do did can could should i you my it its this that these those there use using python code me please explain about into from by as at le la les un une des du de est et en pour que qui dans comment quoi pourquoi'.split(
    ' ',
  ),
);

/** Lower-case word stems, crude but language-agnostic: "loops" and "loop" meet. */
export function termsOf(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}_][\p{L}\p{N}_]*/gu) ?? [];
  return new Set(words.filter((word) => word.length > 1 && !STOPWORDS.has(word)).map((word) => word.replace(/(ies|es|s)$/, '')));
}

const isCode = (block: string) => /^\s{0,3}(```|~~~)/.test(block);

function sentencesOf(prose: string): string[] {
  return prose
    .replace(/\s*\n\s*/g, ' ')
    .split(/(?<=[.!?:])\s+(?=[A-Z`*"'(\p{Lu}])/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 2);
}

const overlap = (terms: Set<string>, text: string) => {
  let count = 0;
  for (const term of termsOf(text)) if (terms.has(term)) count += 1;
  return count;
};

/** The passage's sentences that share the most terms with the question, in their own order. */
export function bestSentences(question: string, passage: string, count = 3): string[] {
  const terms = termsOf(question);
  const sentences = blocksOf(passage)
    .filter((block) => !isCode(block))
    .flatMap(sentencesOf)
    .filter((sentence) => !sentence.startsWith('#'));
  const ranked = sentences
    .map((sentence, index) => ({ sentence, index, score: overlap(terms, sentence) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count)
    .sort((a, b) => a.index - b.index);
  return ranked.map((entry) => entry.sentence);
}

/** The passage's code block closest to the question. */
export function bestCode(question: string, passage: string): string | undefined {
  const terms = termsOf(question);
  const blocks = blocksOf(passage).filter(isCode);
  return blocks
    .map((block, index) => ({ block, index, score: overlap(terms, block) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)[0]?.block;
}

const LEADS: Record<QueryType, string> = {
  CODE_HELP: 'Here is how the lessons show it.',
  CONCEPT: 'Here is what the lessons say.',
  DEBUGGING: 'What the lessons say about this kind of error.',
  EXERCISE_HINT: 'Some help from the lessons, without giving the exercise away.',
  GENERAL: 'From the platform\u2019s lessons.',
};

export const NOTHING_FOUND =
  'I could not find this in the platform\u2019s lessons and quests. Try other words, or name the function, keyword or error you are asking about.';

const hintOf = (passages: SourcePassage[]) => passages.map((passage) => passage.hint).find(Boolean);

export function composeExtractive(
  question: string,
  queryType: QueryType,
  passages: SourcePassage[],
  guard: GuardStage | null,
): string {
  if (!passages.length) return NOTHING_FOUND;
  if (guard) return composeGuarded(question, passages, guard);
  const withCode = queryType !== 'GENERAL';
  const parts = [LEADS[queryType]];
  // The code shown comes from the best passage that has some (a quest step's prompt may rank first).
  const codeFrom = withCode ? passages.findIndex((passage) => bestCode(question, passage.text) !== undefined) : -1;
  passages.forEach((passage, index) => {
    const sentences = bestSentences(question, passage.text, index === 0 ? 3 : 2);
    const code = index === codeFrom ? bestCode(question, passage.text) : undefined;
    const body = [sentences.join(' '), code].filter(Boolean).join('\n\n');
    if (body) parts.push(`**${passage.heading}** [${index + 1}]\n\n${body}`);
  });
  return parts.join('\n\n');
}

function composeGuarded(question: string, passages: SourcePassage[], stage: GuardStage): string {
  const lessons = passages.filter((passage) => passage.kind === 'LESSON');
  const where = (lessons[0] ?? passages[0])!;
  const cite = passages.indexOf(where) + 1;
  const hint = hintOf(passages);
  const parts = [
    'You have this exercise in progress, so here is a hint rather than the answer.',
    `Reread the section cited [${cite}].`,
  ];
  if (stage === 'NUDGE') {
    parts.push('What exactly does the step ask you to produce, and which part of that section does that?');
    return parts.join('\n\n');
  }
  // The author's hint loses its code too: a hint's code is often the answer's first line.
  if (hint) parts.push(`Hint: ${maskInlineCode(withoutCode(hint))}`);
  const concept = bestSentences(question, withoutCode(where.text), 3).map(maskInlineCode);
  if (concept.length) parts.push(`The idea: ${concept.join(' ')}`);
  if (stage === 'PARTIAL') {
    parts.push(
      'A first step: write the smallest piece that does one part of the task, check it, then add the rest one piece at a time.',
    );
  }
  return parts.join('\n\n');
}

/** Inline code spans are masked too: a one-line answer (a keyword, an expression) could hide in one. */
export const maskInlineCode = (text: string) => text.replace(/`[^`\n]*`/g, '\u2026');
