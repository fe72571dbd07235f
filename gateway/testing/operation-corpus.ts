/**
 * The read operations the platform's tests and demo loader send, found in their source: every
 * template literal that parses as a GraphQL document of queries (and fragments) and validates
 * against the supergraph's API schema. The differential test replays them through two gateways.
 * Documents with interpolations (`${...}`) are left out: they are not whole operations.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  Kind,
  parse,
  print,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type TypeNode,
} from 'graphql';
import { repoRoot } from '#platform/catalog.ts';

export interface CorpusOperation {
  /** Where the document was found first. */
  source: string;
  query: string;
  document: DocumentNode;
}

const SOURCE_FOLDERS = ['subgraphs', 'gateway/test', 'scripts/demo-content', 'scripts/bench'];
/** Template literals without interpolation, and single- or double-quoted strings. */
const STRING_LITERAL = /`((?:[^`\\$]|\\.|\$(?!\{))*)`|'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g;

function* typeScriptFiles(folder: string): Generator<string> {
  for (const entry of readdirSync(folder)) {
    if (entry === 'node_modules' || entry === 'generated') continue;
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) yield* typeScriptFiles(path);
    else if (entry.endsWith('.ts')) yield path;
  }
}

const isReadOnly = (document: DocumentNode) =>
  document.definitions.every(
    (definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ||
      (definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'query'),
  ) && document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION).length === 1;

export function readOperationCorpus(schema: GraphQLSchema): CorpusOperation[] {
  const found = new Map<string, CorpusOperation>();
  for (const folder of SOURCE_FOLDERS) {
    for (const file of typeScriptFiles(join(repoRoot, folder))) {
      for (const [, template, single, double] of readFileSync(file, 'utf8').matchAll(STRING_LITERAL)) {
        const text = template ?? single ?? double;
        if (!text || !/^\s*(query\b|\{|fragment\b)/.test(text)) continue;
        let document: DocumentNode;
        try {
          document = parse(text.replace(/\\([`'"])/g, '$1'));
        } catch {
          continue;
        }
        if (!isReadOnly(document) || validate(schema, document).length) continue;
        const query = print(document);
        if (!found.has(query)) found.set(query, { source: relative(repoRoot, file), query, document });
      }
    }
  }
  return [...found.values()];
}

/**
 * Variables for an operation from a pool of known values by variable name (an id of the demo
 * content, say), else a plain value of the variable's type; undefined when a required variable
 * needs an input object, which a pool cannot make up.
 */
export function variablesFor(
  document: DocumentNode,
  schema: GraphQLSchema,
  known: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const operation = document.definitions.find(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION,
  ) as OperationDefinitionNode;
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (name in known) {
      variables[name] = known[name];
      continue;
    }
    const value = plainValue(definition.type, schema);
    if (value === undefined) {
      if (definition.type.kind === Kind.NON_NULL_TYPE && !definition.defaultValue) return undefined;
      continue;
    }
    variables[name] = value;
  }
  return variables;
}

function plainValue(type: TypeNode, schema: GraphQLSchema): unknown {
  if (type.kind === Kind.NON_NULL_TYPE) return plainValue(type.type, schema);
  if (type.kind === Kind.LIST_TYPE) {
    const item = plainValue(type.type, schema);
    return item === undefined ? undefined : [item];
  }
  const named = schema.getType(type.name.value);
  switch (type.name.value) {
    case 'ID':
    case 'String':
      return 'unknown';
    case 'Int':
      return 5;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
  }
  if (named && 'getValues' in named) return named.getValues()[0]?.name;
  return undefined;
}
