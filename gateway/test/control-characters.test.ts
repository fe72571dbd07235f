/**
 * A control character in an id or a string is the client's mistake: BAD_USER_INPUT before any
 * resolver runs, never an internal error carrying Prisma calls, source paths or Postgres codes.
 * Every ID and String argument of the supergraph (input fields included) is driven, found by
 * introspection (none listed by hand).
 */
import {
  astFromValue,
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  print,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphqlRequest, type GraphQLResponse } from '#platform/graphql/client.ts';
import { gatewaySecret } from '#platform/graphql/gateway-signature.ts';
import { connect, subscribe } from '#platform/testing/subscriptions.ts';
import { startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';

const NUL = 'a\u0000b';
/** What a leak of internals looks like: the ORM, a source path, a Postgres error code. */
const INTERNALS = /prisma|invocation|\/work\/|\.ts:\d|22021|\bP2\d{3}\b|stacktrace|SELECT |INSERT /i;

let platform: TestStack;
let admin: TestUser;

beforeAll(async () => {
  platform = await startTestStack();
  admin = await platform.signUp('INSTRUCTOR');
});
afterAll(() => platform?.close());

/** A harmless value of `type`, for the arguments a probe must fill. */
function harmless(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return harmless(type.ofType);
  if (isListType(type)) return [harmless(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type))
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type) && field.defaultValue === undefined)
        .map((field) => [field.name, harmless(field.type)]),
    );
  const scalars: Record<string, unknown> = {
    ID: '01900000-0000-7000-8000-000000000000',
    String: 'x',
    Int: 1,
    Float: 1,
    Boolean: false,
    DateTime: new Date().toISOString(),
  };
  if (!(type.name in scalars)) throw new Error(`no harmless value for scalar ${type.name}`);
  return scalars[type.name];
}

/** Paths to every value of scalar `scalar` inside a value of `type` ([] is the value itself). */
function scalarPaths(type: GraphQLInputType, scalar: 'ID' | 'String', seen = new Set<string>()): string[][] {
  const named = getNamedType(type);
  if (isScalarType(named)) return named.name === scalar ? [[]] : [];
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  return Object.values(named.getFields()).flatMap((field) =>
    scalarPaths(field.type, scalar, new Set([...seen, named.name])).map((path) => [field.name, ...path]),
  );
}

/** A harmless value of `type` with NUL at `path`. */
function withNul(type: GraphQLInputType, path: string[]): unknown {
  if (isNonNullType(type)) return withNul(type.ofType, path);
  if (isListType(type)) return [withNul(type.ofType, path)];
  if (isInputObjectType(type)) {
    const [name, ...rest] = path;
    return { ...(harmless(type) as object), [name!]: withNul(type.getFields()[name!]!.type, rest) };
  }
  return NUL;
}

interface Probe {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

/** `field`'s required arguments other than `target`, written inline with harmless values. */
const harmlessArguments = (field: GraphQLField<unknown, unknown>, target?: GraphQLArgument) =>
  field.args
    .filter((arg) => arg !== target && isNonNullType(arg.type) && arg.defaultValue === undefined)
    .map((arg) => `${arg.name}: ${print(astFromValue(harmless(arg.type), arg.type)!)}`);

/**
 * The minimal operation calling `field` with NUL at `path` of `target` (a variable), other required
 * arguments harmless; `route` is the selection reaching the field's type from the root ('' at the root).
 */
function probe(
  root: 'query' | 'mutation' | 'subscription',
  field: GraphQLField<unknown, unknown>,
  target: GraphQLArgument,
  path: string[],
  route: { label: string; open: string; close: string } = { label: '', open: '', close: '' },
): Probe {
  const passed = [`${target.name}: $${target.name}`, ...harmlessArguments(field, target)].join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return {
    name: `${root} ${route.label}${field.name}(${[target.name, ...path].join('.')})`,
    query: `${root} Probe($${target.name}: ${String(target.type)}) { ${route.open}${field.name}(${passed})${selection}${route.close} }`,
    variables: { [target.name]: withNul(target.type, path) },
  };
}

/**
 * Arguments of fields below the roots (User.quizAttempts(quizId), ...): each object type is reached
 * by its shortest selection from Query (then Mutation), through abstract types by inline fragments.
 */
function nestedProbes(schema: GraphQLSchema, scalar: 'ID' | 'String'): Probe[] {
  const probes: Probe[] = [];
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  const seen = new Set<string>(roots.map(([, type]) => type!.name));
  for (const [root, rootType] of roots) {
    const queue: Array<{ type: GraphQLObjectType; label: string; open: string; close: string; depth: number }> = [
      { type: rootType!, label: '', open: '', close: '', depth: 0 },
    ];
    while (queue.length) {
      const route = queue.shift()!;
      for (const field of Object.values(route.type.getFields())) {
        if (route.depth > 0)
          for (const arg of field.args)
            for (const path of scalarPaths(arg.type, scalar)) probes.push(probe(root, field, arg, path, route));
        const named = getNamedType(field.type);
        const through = isAbstractType(named) ? schema.getPossibleTypes(named) : isObjectType(named) ? [named] : [];
        for (const next of through) {
          if (seen.has(next.name)) continue;
          seen.add(next.name);
          const args = harmlessArguments(field);
          const call = `${field.name}${args.length ? `(${args.join(', ')})` : ''}`;
          const fragment = isAbstractType(named) ? `... on ${next.name} { ` : '';
          queue.push({
            type: next,
            label: `${route.label}${field.name}.${fragment ? `${next.name}.` : ''}`,
            open: `${route.open}${call} { ${fragment}`,
            close: `${fragment ? ' }' : ''} }${route.close}`,
            depth: route.depth + 1,
          });
        }
      }
    }
  }
  return probes;
}

/** What is wrong with an answer that should be a clean BAD_USER_INPUT refusal, or undefined. */
function flaw(result: GraphQLResponse<unknown>): string | undefined {
  const codes = result.errors?.map((error) => error.extensions?.code);
  if (result.status !== 400) return `HTTP ${result.status}, codes ${JSON.stringify(codes)}`;
  if (codes?.length !== 1 || codes[0] !== 'BAD_USER_INPUT') return `codes ${JSON.stringify(codes)}`;
  if (INTERNALS.test(JSON.stringify(result.errors))) return `internals in ${JSON.stringify(result.errors)}`;
  if (result.data != null) return 'data with the refusal';
  return undefined;
}

let introspected: Promise<GraphQLSchema> | undefined;
/** The supergraph's API schema, introspected once for the file. */
const supergraphSchema = () =>
  (introspected ??= platform.data<IntrospectionQuery>(getIntrospectionQuery()).then((result) => buildClientSchema(result)));

/** A probe for each argument and input field of scalar `scalar` of every root field of `roots`. */
async function probesFor(
  scalar: 'ID' | 'String',
  roots: ReadonlyArray<'query' | 'mutation' | 'subscription'> = ['query', 'mutation'],
): Promise<Probe[]> {
  const schema = await supergraphSchema();
  const rootTypes = {
    query: schema.getQueryType(),
    mutation: schema.getMutationType(),
    subscription: schema.getSubscriptionType(),
  };
  return roots.flatMap((root) =>
    Object.values(rootTypes[root]?.getFields() ?? {}).flatMap((field) =>
      field.args.flatMap((arg) => scalarPaths(arg.type, scalar).map((path) => probe(root, field, arg, path))),
    ),
  );
}

/** The probes not answered with a clean BAD_USER_INPUT, with what is wrong. */
async function flawed(probes: Probe[]): Promise<string[]> {
  const answers = await Promise.all(
    probes.map(async (candidate) => ({
      candidate,
      result: await platform.gql(candidate.query, candidate.variables, admin.accessToken),
    })),
  );
  return answers.flatMap(({ candidate, result }) => {
    const problem = flaw(result);
    return problem ? [`${candidate.name}: ${problem}`] : [];
  });
}

describe('every ID and String argument of the supergraph', () => {
  it('answers a NUL byte in an ID with BAD_USER_INPUT and no internals', async () => {
    const probes = await probesFor('ID');
    // The finding named 15 fields; the supergraph has more ID arguments than that.
    expect(probes.length).toBeGreaterThanOrEqual(15);
    expect(probes.map((candidate) => candidate.name)).toEqual(
      expect.arrayContaining(['query lesson(id)', 'query user(id)', 'mutation enroll(courseId)', 'mutation publishCourse(id)']),
    );
    expect(await flawed(probes)).toEqual([]);
    console.log(`${probes.length} ID arguments driven with a NUL byte: ${probes.map((candidate) => candidate.name).join(', ')}`);
  });

  it('answers a NUL byte in a String the same way', async () => {
    const probes = await probesFor('String');
    expect(probes.map((candidate) => candidate.name)).toContain('query quests(category)');
    expect(await flawed(probes)).toEqual([]);
    console.log(`${probes.length} String arguments and input fields driven with a NUL byte`);
  });

  it('answers a NUL byte in an argument of a field below the roots the same way', async () => {
    const schema = await supergraphSchema();
    const probes = [...nestedProbes(schema, 'ID'), ...nestedProbes(schema, 'String')];
    expect(probes.map((candidate) => candidate.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^query .*quizAttempts\(quizId\)$/)]),
    );
    expect(await flawed(probes)).toEqual([]);
    console.log(
      `${probes.length} arguments of nested fields driven with a NUL byte: ${probes.map((candidate) => candidate.name).join(', ')}`,
    );
  });

  it('refuses a NUL byte in a subscription argument over the socket, with BAD_USER_INPUT and no internals', async () => {
    const probes = [...(await probesFor('ID', ['subscription'])), ...(await probesFor('String', ['subscription']))];
    expect(probes.map((candidate) => candidate.name)).toEqual(expect.arrayContaining(['subscription questCompleted(userId)']));
    const socket = connect(platform.url, admin.accessToken);
    try {
      const outcomes = await Promise.all(
        probes.map(async (candidate) => {
          const subscription = subscribe(socket, candidate.query, candidate.variables);
          const { error } = await Promise.race([
            subscription.ended,
            new Promise<{ error: string }>((resolve) => setTimeout(() => resolve({ error: 'no refusal within 10 s' }), 10_000)),
          ]);
          await subscription.close();
          const errors = Array.isArray(error) ? (error as Array<{ extensions?: { code?: unknown } }>) : [];
          const codes = errors.map((entry) => entry.extensions?.code);
          if (codes.length !== 1 || codes[0] !== 'BAD_USER_INPUT') return `${candidate.name}: ${JSON.stringify(error)}`;
          if (INTERNALS.test(JSON.stringify(errors))) return `${candidate.name}: internals in ${JSON.stringify(errors)}`;
          return undefined;
        }),
      );
      expect(outcomes.filter(Boolean)).toEqual([]);
    } finally {
      await socket.dispose();
    }
    console.log(`${probes.length} subscription arguments driven with a NUL byte over graphql-ws`);
  });

  it('answers a NUL byte written in the document itself the same way', async () => {
    expect(flaw(await platform.gql(`{ lesson(id: "a\\u0000b") { id } }`))).toBeUndefined();
  });

  it('answers the same at a subgraph called directly (defence in depth)', async () => {
    const result = await graphqlRequest(
      platform.stack.subgraphUrls.courses!,
      'query Q($id: ID!) { lesson(id: $id) { id } }',
      { id: NUL },
      { gatewaySecret: gatewaySecret(platform.runtime) },
    );
    expect(flaw(result)).toBeUndefined();
  });
});

describe('strings', () => {
  const REGISTER = `mutation R($input: RegisterInput!) { register(input: $input) { user { id } } }`;
  const register = (displayName: string) =>
    platform.gql(REGISTER, {
      input: { email: `nul-${Date.now()}-${Math.random()}@example.com`, password: 'Reasonable-pass-42', displayName },
    });

  it('refuses NUL and other control characters in free text', async () => {
    for (const displayName of ['Ada\u0000', 'Ada\u001B[31m', 'Ada\u007F'])
      expect({ displayName, flaw: flaw(await register(displayName)) }).toEqual({ displayName, flaw: undefined });
  });

  it('keeps tabs and line breaks in free text', async () => {
    const { createCourse } = await platform.data<{ createCourse: { description: string } }>(
      `mutation C($d: String!) { createCourse(input: { title: "Tabs", description: $d, level: BEGINNER }) { description } }`,
      { d: 'First line.\n\tIndented second line.\r\nThird.' },
      admin.accessToken,
    );
    expect(createCourse.description).toBe('First line.\n\tIndented second line.\r\nThird.');
  });
});
