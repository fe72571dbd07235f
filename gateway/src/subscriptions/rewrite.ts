/**
 * Turns a subscription operation into the query that answers one of its events:
 *   subscription S($n: Int) { added: thingAdded { title items(first: $n) { id } } }
 * becomes, for a field declared with @live(query: "thing", queryArgs: ["id: event.thingId"]),
 *   query S($n: Int, $__id: ID!) { added: thing(id: $__id) { title items(first: $n) { id } } }
 * The response key stays the same, so the query's data is the subscription's data. Variables
 * only the subscription field used are dropped (unused variables fail validation).
 */
import {
  Kind,
  getNamedType,
  isCompositeType,
  isNonNullType,
  valueFromAST,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
  print,
} from 'graphql';
import { badInput } from '#platform/errors.ts';
import type { QueryCall } from './declarations.ts';

export interface PreparedSubscription {
  fieldName: string;
  responseKey: string;
  /** The subscription field's arguments, coerced, defaults applied. */
  args: Record<string, unknown>;
  buildQuery(call: QueryCall): { query: string; variables: Record<string, unknown> };
}

const PREFIX = '__';

function fragmentsUsed(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          walk(fragment);
        }
      },
    });
  walk(selectionSet);
  return [...used.values()];
}

function variablesUsed(nodes: ReadonlyArray<SelectionSetNode | FragmentDefinitionNode>): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) visit(node, { Variable: (variable) => void names.add(variable.name.value) });
  return names;
}

export function prepareSubscription(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): PreparedSubscription {
  const root = operation.selectionSet.selections[0];
  if (operation.selectionSet.selections.length !== 1 || root?.kind !== Kind.FIELD) {
    throw badInput('Select exactly one subscription field, directly (not through a fragment)');
  }
  const field: FieldNode = root;
  const fieldDefinition = schema.getSubscriptionType()?.getFields()[field.name.value];
  if (!fieldDefinition) throw badInput(`Unknown subscription field ${field.name.value}`);

  const args: Record<string, unknown> = {};
  for (const argument of fieldDefinition.args) {
    const node = field.arguments?.find((candidate) => candidate.name.value === argument.name);
    const value = node ? valueFromAST(node.value, argument.type, variables) : argument.defaultValue;
    if (value === undefined && isNonNullType(argument.type)) throw badInput(`Argument ${argument.name} is required`);
    if (value !== undefined) args[argument.name] = value;
  }

  const fragments = new Map(
    document.definitions
      .filter((node): node is FragmentDefinitionNode => node.kind === Kind.FRAGMENT_DEFINITION)
      .map((node) => [node.name.value, node]),
  );
  // Scalar results have no selection set.
  const selectionSet = field.selectionSet;
  const usedFragments = selectionSet ? fragmentsUsed(selectionSet, fragments) : [];
  const usedVariables = variablesUsed([...(selectionSet ? [selectionSet] : []), ...usedFragments]);
  const keptDefinitions = (operation.variableDefinitions ?? []).filter((definition) =>
    usedVariables.has(definition.variable.name.value),
  );

  return {
    fieldName: field.name.value,
    responseKey: field.alias?.value ?? field.name.value,
    args,
    buildQuery(call) {
      const callDefinitions: VariableDefinitionNode[] = Object.entries(call.arguments).map(([name, [type]]) => ({
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: PREFIX + name } },
        // Parsing the type string keeps list and non-null wrappers right.
        type: parseTypeReference(type),
      }));
      const query: DocumentNode = {
        kind: Kind.DOCUMENT,
        definitions: [
          {
            kind: Kind.OPERATION_DEFINITION,
            operation: 'query' as OperationDefinitionNode['operation'],
            ...(operation.name ? { name: operation.name } : {}),
            variableDefinitions: [...keptDefinitions, ...callDefinitions],
            selectionSet: {
              kind: Kind.SELECTION_SET,
              selections: [
                {
                  kind: Kind.FIELD,
                  alias: { kind: Kind.NAME, value: field.alias?.value ?? field.name.value },
                  name: { kind: Kind.NAME, value: call.field },
                  arguments: Object.keys(call.arguments).map((name) => ({
                    kind: Kind.ARGUMENT,
                    name: { kind: Kind.NAME, value: name },
                    value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: PREFIX + name } },
                  })),
                  directives: field.directives ?? [],
                  ...(selectionSet ? { selectionSet } : {}),
                },
              ],
            },
          },
          ...usedFragments,
        ],
      };
      const kept = Object.fromEntries(
        keptDefinitions
          .map((definition) => definition.variable.name.value)
          .filter((name) => name in variables)
          .map((name) => [name, variables[name]]),
      );
      const added = Object.fromEntries(Object.entries(call.arguments).map(([name, [, value]]) => [PREFIX + name, value]));
      return { query: print(query), variables: { ...kept, ...added } };
    },
  };
}

/**
 * The query call alone, selecting only `__typename`: what a subscription is checked with when its
 * declaration asks for it (the answering query's own argument checks refuse bad arguments).
 */
export function probeQuery(schema: GraphQLSchema, call: QueryCall): { query: string; variables: Record<string, unknown> } {
  const returned = getNamedType(schema.getQueryType()!.getFields()[call.field]!.type);
  const names = Object.keys(call.arguments);
  const definitions = names.map((name) => `$${name}: ${call.arguments[name]![0]}`).join(', ');
  const args = names.map((name) => `${name}: $${name}`).join(', ');
  return {
    query: `query${definitions ? `(${definitions})` : ''} { ${call.field}${args ? `(${args})` : ''}${isCompositeType(returned) ? ' { __typename }' : ''} }`,
    variables: Object.fromEntries(names.map((name) => [name, call.arguments[name]![1]])),
  };
}

function parseTypeReference(type: string): VariableDefinitionNode['type'] {
  if (type.endsWith('!')) return { kind: Kind.NON_NULL_TYPE, type: parseTypeReference(type.slice(0, -1)) as never };
  if (type.startsWith('[')) return { kind: Kind.LIST_TYPE, type: parseTypeReference(type.slice(1, -1)) };
  return { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type } };
}
