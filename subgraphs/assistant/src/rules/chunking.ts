/**
 * Splits a markdown document into passages for the index: one per section (under its heading
 * path), long sections cut between paragraphs, and a fenced code block never cut (a `#` line
 * inside one is a Python comment, not a heading).
 */
export interface Passage {
  /** "Document title > Section > Subsection". */
  heading: string;
  text: string;
}

export const MAX_PASSAGE_CHARS = 1_200;

const FENCE = /^\s{0,3}(```|~~~)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/;

interface Section {
  path: string[];
  lines: string[];
}

function sections(title: string, markdown: string): Section[] {
  const found: Section[] = [{ path: [], lines: [] }];
  let fence: string | null = null;
  let path: Array<{ depth: number; text: string }> = [];
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const opening = FENCE.exec(line);
    if (opening) {
      if (fence === null) fence = opening[1]!;
      else if (opening[1] === fence) fence = null;
    }
    const heading = fence === null && !opening ? HEADING.exec(line) : null;
    if (heading) {
      const depth = heading[1]!.length;
      // A level-1 heading repeating the title adds nothing to the path.
      path = [...path.filter((entry) => entry.depth < depth), { depth, text: heading[2]!.trim() }].filter(
        (entry) => !(entry.depth === 1 && entry.text === title),
      );
      found.push({ path: path.map((entry) => entry.text), lines: [] });
    } else {
      found.at(-1)!.lines.push(line);
    }
  }
  return found;
}

/** Paragraphs and whole code blocks, in order. */
export function blocksOf(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    const block = current.join('\n').trim();
    if (block) blocks.push(block);
    current = [];
  };
  for (const line of text.split('\n')) {
    const opening = FENCE.exec(line);
    if (opening && fence === null) {
      flush();
      fence = opening[1]!;
      current.push(line);
      continue;
    }
    current.push(line);
    if (opening && opening[1] === fence) {
      fence = null;
      flush();
    } else if (fence === null && !line.trim()) {
      flush();
    }
  }
  flush();
  return blocks;
}

/** Packs blocks into passages of at most `max` characters; a longer block stays whole. */
function pack(blocks: string[], max: number): string[] {
  const packed: string[] = [];
  let current = '';
  for (const block of blocks) {
    if (current && current.length + block.length + 2 > max) {
      packed.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${block}` : block;
  }
  if (current) packed.push(current);
  return packed;
}

export function chunkMarkdown(title: string, markdown: string, max = MAX_PASSAGE_CHARS): Passage[] {
  return sections(title, markdown).flatMap((section) => {
    const heading = [title, ...section.path].join(' > ');
    return pack(blocksOf(section.lines.join('\n')), max).map((text) => ({ heading, text }));
  });
}

/** Code blocks removed (the pedagogy guard's answers never show code). */
export const withoutCode = (text: string): string =>
  blocksOf(text)
    .filter((block) => !FENCE.test(block))
    .join('\n\n');
