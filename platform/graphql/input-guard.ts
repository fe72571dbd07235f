/**
 * Every ID and String a client sends, as an argument literal or a variable, at any depth of input
 * objects and lists, is checked before anything executes: control characters and broken Unicode
 * are BAD_USER_INPUT, never a database error. (Postgres refuses NUL in text: without this check a
 * NUL byte in an id became an internal error carrying the Prisma call and source path.)
 * Free text keeps tab, line feed and carriage return; identifiers keep none.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { AppError, ErrorCode, type FieldProblem } from '../errors.ts';

// oxlint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// oxlint-disable-next-line no-control-regex
const CONTROL_IN_ID = /[\u0000-\u001F\u007F]/;
/** With the u flag a paired surrogate is one code point: what matches is a lone, unencodable half. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why `value` is not acceptable as a value of the scalar `type`, or undefined when it is. */
export function scalarProblem(type: string, value: string): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'is not valid Unicode';
  if (type === 'ID' && CONTROL_IN_ID.test(value)) return 'must not contain control characters';
  if (type === 'String' && CONTROL_IN_TEXT.test(value)) return 'must not contain control characters (tab and line breaks aside)';
  return undefined;
}

/** Problems of a variable's value, walked along its declared type; mismatched shapes are left to coercion. */
function variableProblems(type: GraphQLInputType, value: unknown, path: string, problems: FieldProblem[]): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return variableProblems(type.ofType, value, path, problems);
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, index) => variableProblems(type.ofType, item, `${path}.${index}`, problems));
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return;
    for (const [name, field] of Object.entries(type.getFields()))
      variableProblems(field.type, (value as Record<string, unknown>)[name], `${path}.${name}`, problems);
    return;
  }
  if (isScalarType(type) && typeof value === 'string') {
    const problem = scalarProblem(type.name, value);
    if (problem) problems.push({ field: path, message: problem });
  }
}

/** Problems of the string literals a document passes to ID and String arguments and input fields. */
function literalProblems(schema: GraphQLSchema, document: DocumentNode, problems: FieldProblem[]): void {
  const typeInfo = new TypeInfo(schema);
  const argumentPath: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument: { enter: (node) => void argumentPath.push(node.name.value), leave: () => void argumentPath.pop() },
      ObjectField: { enter: (node) => void argumentPath.push(node.name.value), leave: () => void argumentPath.pop() },
      StringValue(node) {
        const type = typeInfo.getInputType();
        if (!type) return;
        const named = getNamedType(type);
        const problem = isScalarType(named) ? scalarProblem(named.name, node.value) : undefined;
        if (problem) problems.push({ field: argumentPath.join('.') || 'argument', message: problem });
      },
    }),
  );
}

export function inputProblems(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  literalProblems(schema, document, problems);
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    const name = definition.variable.name.value;
    if (type) variableProblems(type, variables?.[name], `$${name}`, problems);
  }
  return problems;
}

/** Apollo Server plugin: refuses the operation (HTTP 400) before execution when an input is unsafe. */
export function inputGuardPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          // No operation: operationSelectionPlugin answers that request.
          if (!operation) return;
          const problems = inputProblems(schema, document, operation, request.variables);
          if (!problems.length) return;
          const summary = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
          throw new AppError(ErrorCode.BAD_USER_INPUT, `Invalid input: ${summary}`, { fields: problems, http: { status: 400 } });
        },
      };
    },
  };
}
