/**
 * The built-in prompt templates (version 1 of each), how one is chosen (query type and audience:
 * the course's level when known), and how it is filled in. Admins rewrite them; each change is a
 * new version.
 */
import type { QueryType } from './query-type.ts';

export const AUDIENCES = ['ANY', 'BEGINNER', 'INTERMEDIATE', 'ADVANCED'] as const;
export type Audience = (typeof AUDIENCES)[number];

export interface TemplateText {
  id: string;
  name: string;
  queryType: QueryType;
  audience: Audience;
  description: string;
  prompt: string;
}

const RULES = `Answer from the course passages below only, and cite them as [1], [2]... If they do not answer the question, say so.
Use short paragraphs and Python 3 code blocks.`;

export const DEFAULT_TEMPLATES: TemplateText[] = [
  {
    id: 'code-help',
    name: 'Code help',
    queryType: 'CODE_HELP',
    audience: 'ANY',
    description: 'Writing or explaining code: a working example first, then why it works.',
    prompt: `You are DoctorPy's Python tutor for a {level} learner.\n${RULES}\nStart with a short example, then explain it line by line.\n\nPassages:\n{context}\n\nQuestion: {question}`,
  },
  {
    id: 'code-help-beginner',
    name: 'Code help (beginners)',
    queryType: 'CODE_HELP',
    audience: 'BEGINNER',
    description: 'Code help with no jargon and one idea at a time.',
    prompt: `You are DoctorPy's patient Python tutor for a beginner.\n${RULES}\nAvoid jargon; one small example; explain each line in plain words.\n\nPassages:\n{context}\n\nQuestion: {question}`,
  },
  {
    id: 'concept',
    name: 'Concept',
    queryType: 'CONCEPT',
    audience: 'ANY',
    description: 'What something is and how it works, with one example.',
    prompt: `You are DoctorPy's Python tutor for a {level} learner.\n${RULES}\nDefine the idea in one sentence, then show it in a small example.\n\nPassages:\n{context}\n\nQuestion: {question}`,
  },
  {
    id: 'concept-beginner',
    name: 'Concept (beginners)',
    queryType: 'CONCEPT',
    audience: 'BEGINNER',
    description: 'A concept explained with an everyday comparison.',
    prompt: `You are DoctorPy's patient Python tutor for a beginner.\n${RULES}\nExplain with an everyday comparison before the code.\n\nPassages:\n{context}\n\nQuestion: {question}`,
  },
  {
    id: 'debugging',
    name: 'Debugging',
    queryType: 'DEBUGGING',
    audience: 'ANY',
    description: 'Reads the error, names the cause, shows the fix.',
    prompt: `You are DoctorPy's Python tutor helping a {level} learner debug.\n${RULES}\nName the error, the line that raises it, the likely cause, then the fix.\n\nPassages:\n{context}\n\nQuestion: {question}`,
  },
  {
    id: 'exercise-hint',
    name: 'Exercise hint',
    queryType: 'EXERCISE_HINT',
    audience: 'ANY',
    description: 'Hints for an exercise, never the solution.',
    prompt: `You are DoctorPy's Python tutor. The learner is working on an exercise.\n${RULES}\nNever give the solution or the expected answer: give the next hint only ({guard}).\n\nPassages:\n{context}\n\nQuestion: {question}`,
  },
  {
    id: 'general',
    name: 'General',
    queryType: 'GENERAL',
    audience: 'ANY',
    description: 'Anything else about Python or the platform.',
    prompt: `You are DoctorPy's Python tutor for a {level} learner.\n${RULES}\n\nPassages:\n{context}\n\nQuestion: {question}`,
  },
];

/** The template for a query type and audience: the audience's own, else the one for ANY. */
export function chooseTemplate<T extends { queryType: string; audience: string }>(
  templates: T[],
  queryType: QueryType,
  level: string | null,
): T {
  const ofType = templates.filter((template) => template.queryType === queryType);
  const chosen = ofType.find((template) => template.audience === level) ?? ofType.find((template) => template.audience === 'ANY');
  if (!chosen) throw new Error(`No template for ${queryType}`);
  return chosen;
}

export const REQUIRED_PLACEHOLDERS = ['{question}', '{context}'] as const;

export function renderPrompt(
  prompt: string,
  values: { question: string; context: string; level: string; guard: string },
): string {
  return prompt.replace(/\{(question|context|level|guard)\}/g, (_match, name: keyof typeof values) => values[name]);
}
