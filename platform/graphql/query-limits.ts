/**
 * What protects a GraphQL server from expensive or abusive documents: depth, cost, aliases and
 * directives (graphql-armor), tokens (graphql-js), all checked before execution. The gateway and
 * every subgraph apply the same limits, so a request sent straight to a subgraph gains nothing.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Env } from '../env.ts';

export interface QueryLimitOptions {
  /**
   * Count fragments as no extra level of depth or cost. Subgraphs do: the gateway wraps each entity
   * fetch in `_entities { ... on Type { … } }`, one level more than the client wrote; flattened, a
   * fetch is never deeper than the client's query the gateway already accepted.
   */
  flattenFragments?: boolean;
}

export function queryLimits(env: Env, options: QueryLimitOptions = {}) {
  const production = env.NODE_ENV === 'production';
  const flattenFragments = options.flattenFragments ?? false;
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: env.MAX_QUERY_DEPTH, ignoreIntrospection: true, flattenFragments },
    costLimit: { maxCost: env.MAX_QUERY_COST, ignoreIntrospection: true, flattenFragments },
    maxAliases: { n: 30 },
    maxDirectives: { n: 50 },
    // graphql-armor's token limit re-parses in a plugin, where a syntax error becomes a 500;
    // graphql-js enforces the same limit in Apollo's own parse step (parseOptions below).
    maxTokens: { enabled: false },
    // Suggestions ("did you mean ...") help developers and reveal the schema to scanners.
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return { plugins, validationRules, parseOptions: { maxTokens: 5_000 } };
}
