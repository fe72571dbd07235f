/**
 * What the gateway and every subgraph check before executing an operation: the document limits,
 * the choice of operation, and the inputs (no control characters). One place, so the two kinds of
 * server stay alike.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Env } from '../env.ts';
import { inputGuardPlugin } from './input-guard.ts';
import { operationSelectionPlugin } from './operation-selection.ts';
import { queryLimits, type QueryLimitOptions } from './query-limits.ts';

export function requestGuards<C extends BaseContext>(env: Env, options: QueryLimitOptions = {}) {
  const limits = queryLimits(env, options);
  const plugins: ApolloServerPlugin<C>[] = [
    operationSelectionPlugin<C>(),
    inputGuardPlugin<C>(),
    ...(limits.plugins as unknown as ApolloServerPlugin<C>[]),
  ];
  return { validationRules: limits.validationRules, parseOptions: limits.parseOptions, plugins };
}
