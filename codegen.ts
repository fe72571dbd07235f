/**
 * GraphQL Code Generator settings shared by every subgraph (`npm run codegen`; `codegen:check`
 * fails when a committed file is stale). Each subgraph of rover.yaml gets src/generated/graphql.ts;
 * its resolvers' context type is derived from its definition (ContextOf), and a subgraph whose
 * resolvers receive something other than the GraphQL shape says so in subgraphs/<name>/codegen.ts:
 *   export const mappers = { Course: prisma('Course'), User: reference };
 * (GraphQL type → "module#Export", relative to src/generated/).
 */

/** A Prisma model of the subgraph (imported as <Model>Model by mapperTypeSuffix). */
export const prisma = (model: string) => `./prisma/client.ts#${model}`;
/** A type exported by the subgraph's src/models.ts (a Prisma model or a view of one). */
export const model = (name: string) => `../models.ts#${name}`;
/** An entity owned by another subgraph: resolvers only ever hold its key. */
export const reference = '../../../../platform/graphql/reference.ts#EntityReference';

export const sharedConfig = {
  federation: true,
  useTypeImports: true,
  enumsAsTypes: true,
  avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
  scalars: { DateTime: { input: 'Date', output: 'Date | string' } },
  mapperTypeSuffix: 'Model',
  /** Declared in the generated file's header, from the subgraph's definition. */
  contextType: 'Context',
};

/**
 * The console's typed operations (GraphQL Code Generator's client preset): console/src/graphql/*.graphql
 * against the API schema of schema/supergraph.graphql, into console/src/generated/.
 */
export const consoleCodegen = {
  documents: 'console/src/graphql',
  output: 'console/src/generated/',
  presetConfig: { fragmentMasking: false },
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    scalars: { DateTime: 'string' },
  },
};
