/** The kind of question, when the learner did not say: it picks the template. */
export const QUERY_TYPES = ['CODE_HELP', 'CONCEPT', 'DEBUGGING', 'EXERCISE_HINT', 'GENERAL'] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

const TRACEBACK =
  /Traceback \(most recent call last\)|\b[A-Z]\w*(Error|Exception|Warning)\b|\berror\b|\berreur\b|\bexception\b|\bbug\b|doesn'?t work|ne marche pas/i;
const CODE_BLOCK = /```|^( {4}|\t)\S|^\s*(def|class|for|while|if|import|from|return)\b.*:?\s*$|\w+\([^)]*\)\s*$/m;
const EXERCISE = /\b(hint|exercise|quest|step|stuck|solution|answer|indice|exercice|étape|bloqué)\b/i;
const HOW_TO = /^\s*(how (do|can|should) (i|you|we)|how to|write|implement|comment (faire|écrire)|écrire)\b/i;
const CONCEPT =
  /^\s*(what|why|when|which|explain|how does|how do .* work|difference|qu'?est|pourquoi|quand|quelle?s?|explique)\b|\bmean(s|ing)?\b|\bdifference between\b/i;

export function inferQueryType(question: string, context: { questId?: string | null } = {}): QueryType {
  if (TRACEBACK.test(question)) return 'DEBUGGING';
  if (context.questId || EXERCISE.test(question)) return 'EXERCISE_HINT';
  if (CODE_BLOCK.test(question) || HOW_TO.test(question)) return 'CODE_HELP';
  if (CONCEPT.test(question)) return 'CONCEPT';
  return 'GENERAL';
}
