/**
 * Words added to a question before the full-text search (never shown): Python's operators, which
 * a text search cannot see, named as the lessons name them; and the French words of Python
 * learners, since the demo lessons are in English.
 */
const OPERATORS: Array<[RegExp, string]> = [
  [/\/\//, 'floor division'],
  [/(^|[^/])\/([^/]|$)/, 'division'],
  [/\*\*/, 'power kwargs'],
  [/[+\-*/%]=/, 'augmented assignment'],
  [/==|!=|<=|>=/, 'comparison'],
  [/%/, 'modulo remainder'],
  [/\[\s*-?\d*\s*:\s*-?\d*\s*\]/, 'slicing'],
  [/\blambda\b/, 'lambda'],
];

const FRENCH: Record<string, string> = {
  dictionnaire: 'dictionary',
  dictionnaires: 'dictionary',
  clé: 'key',
  clés: 'keys',
  valeur: 'value',
  valeurs: 'values',
  liste: 'list',
  listes: 'lists',
  boucle: 'loop',
  boucles: 'loops',
  parcourir: 'loop iterate',
  fonction: 'function',
  fonctions: 'functions',
  chaîne: 'string',
  chaînes: 'strings',
  ensemble: 'set',
  ensembles: 'sets',
  entier: 'integer',
  entiers: 'integers',
  nombre: 'number',
  nombres: 'numbers',
  erreur: 'error',
  décorateur: 'decorator',
  décorateurs: 'decorators',
  fermeture: 'closure',
  portée: 'scope',
  compréhension: 'comprehension',
  trier: 'sort',
  tri: 'sort',
  ajouter: 'add append',
  supprimer: 'remove delete',
  doublons: 'duplicates',
  renvoyer: 'return',
  retourner: 'return',
  différence: 'difference',
  argument: 'argument',
  arguments: 'arguments',
  condition: 'condition',
  conditions: 'conditions',
  variable: 'variable',
  variables: 'variables',
  tuple: 'tuple',
  tuples: 'tuples',
  immuable: 'immutable',
  modifier: 'change modify',
  fichier: 'file',
  afficher: 'print',
};

export function expandForSearch(question: string): string {
  const extra = OPERATORS.filter(([pattern]) => pattern.test(question)).map(([, words]) => words);
  for (const word of question.toLowerCase().match(/\p{L}+/gu) ?? []) {
    const english = FRENCH[word];
    if (english) extra.push(english);
  }
  return extra.length ? `${question}\n${extra.join(' ')}` : question;
}
