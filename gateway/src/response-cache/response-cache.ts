/**
 * The gateway's whole-response cache. Subgraphs say what may be cached with @cacheControl; the
 * gateway reads their Cache-Control headers into one policy (@apollo/gateway does), sets
 * Cache-Control on its own responses (Apollo's cache-control plugin) and stores cacheable query
 * results with @apollo/server-plugin-response-cache, in Redis (memory when embedded).
 *
 * What this module adds:
 *  - freshness beyond TTLs: a response's key holds the generations of the types it read
 *    (types-read.ts, generations.ts); a domain event bumps the types it changes
 *    (invalidations.ts), and a mutation bumps the types it returns before its response leaves,
 *    so its caller (through any gateway replica) never reads what it replaced;
 *  - viewers never share entries: a signed-in viewer's responses are PRIVATE, keyed by the user
 *    and roles of the verified token, whatever the hints say (a "public" course list may hold
 *    the viewer's drafts); anonymous responses are keyed by Accept-Language, the one header
 *    subgraphs answer differently to;
 *  - only queries over HTTP: mutations never, subscriptions' executions never, responses with
 *    errors never (the plugin's rule), operations that fail validation never reach it;
 *  - hit, miss, store and invalidation counters.
 */
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { ErrorsAreMissesCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { GraphQLSchema } from 'graphql';
import { Counter } from 'prom-client';
import { createKeyValueCache, redisKey } from '#platform/cache.ts';
import type { EventName } from '#platform/events/catalog.ts';
import type { Logger } from '#platform/logger.ts';
import type { ServiceMetrics } from '#platform/metrics.ts';
import type { Runtime } from '#platform/runtime.ts';
import type { GatewayContext } from '../context.ts';
import type { LiveFeed } from '../subscriptions/live-feed.ts';
import { MemoryGenerations, RedisGenerations, type Generations } from './generations.ts';
import { INVALIDATIONS } from './invalidations.ts';
import { typesRead } from './types-read.ts';

export interface ResponseCacheOptions {
  runtime: Runtime;
  metrics: ServiceMetrics;
  feed: LiveFeed;
  apiSchema: () => GraphQLSchema | undefined;
  logger: Logger;
  /** Prefix of the Redis keys (entries and generations). */
  keyPrefix?: string;
}

export interface ResponseCache {
  plugins: ApolloServerPlugin<GatewayContext>[];
  close(): void;
}

type Audience = 'anonymous' | 'viewer';

interface RequestState {
  /** The cache may be read and written for this request (set once its generations are known). */
  eligible: boolean;
  audience: Audience;
}

const audienceOf = (context: GatewayContext): Audience => (context.viewer ? 'viewer' : 'anonymous');

/** One key space per user and role set: a role change gets a new token, and a fresh one. */
const viewerKey = ({ viewer }: GatewayContext): string | null =>
  viewer
    ? createHash('sha256')
        .update(`${viewer.userId}\n${[...viewer.roles].sort().join(',')}`)
        .digest('hex')
    : null;

function counters(metrics: ServiceMetrics) {
  const registers = [metrics.registry];
  return {
    hits: new Counter({
      name: 'response_cache_hits_total',
      help: 'Query responses served from the response cache',
      labelNames: ['audience'] as const,
      registers,
    }),
    misses: new Counter({
      name: 'response_cache_misses_total',
      help: 'Cacheable-looking queries the response cache could not answer',
      labelNames: ['audience'] as const,
      registers,
    }),
    stores: new Counter({
      name: 'response_cache_stores_total',
      help: 'Query responses written to the response cache',
      labelNames: ['scope'] as const,
      registers,
    }),
    invalidations: new Counter({
      name: 'response_cache_invalidations_total',
      help: 'Type generations bumped, making the responses that read the type stale',
      labelNames: ['source', 'type'] as const,
      registers,
    }),
  };
}

/** Caps the entries' lifetime whatever the hints say (RESPONSE_CACHE_MAX_TTL_SECONDS). */
function cappedTtl(cache: KeyValueCache<string>, maxTtl: number): KeyValueCache<string> {
  return {
    get: (key) => cache.get(key),
    delete: (key) => cache.delete(key),
    set: (key, value, options) => cache.set(key, value, { ...options, ttl: Math.min(options?.ttl ?? maxTtl, maxTtl) }),
  };
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const { runtime, feed, apiSchema, logger } = options;
  const prefix = options.keyPrefix ?? 'response-cache';
  const maxTtl = runtime.env.RESPONSE_CACHE_MAX_TTL_SECONDS;
  const redis = runtime.redis();
  const generations: Generations = redis
    ? new RedisGenerations(redis, redisKey(runtime, `${prefix}-generations`))
    : new MemoryGenerations();
  const count = counters(options.metrics);
  const states = new WeakMap<GatewayContext, RequestState>();

  const bump = async (types: readonly string[], source: 'event' | 'mutation') => {
    if (!types.length) return;
    await generations.bump(types);
    for (const type of types) count.invalidations.inc({ source, type });
  };

  // Every replica hears every event and bumps: a second bump only costs a few misses.
  const unsubscribe = Object.entries(INVALIDATIONS)
    .filter(([, types]) => types.length)
    .map(([name, types]) =>
      feed.subscribe({ kind: 'event', name: name as EventName }, () => {
        bump(types, 'event').catch((error: unknown) =>
          logger.error({ err: error, event: name }, 'response cache: could not invalidate after an event'),
        );
      }),
    );

  const typesOf = (requestContext: GraphQLRequestContext<GatewayContext>) => {
    const schema = apiSchema();
    return schema && requestContext.document ? typesRead(schema, requestContext.document) : undefined;
  };

  // Socket operations and subscription deliveries (the answer to one event, for one subscriber) are
  // never asked twice: caching them would cost three Redis calls per push and fill the cache.
  const cacheable = ({ operation, contextValue }: GraphQLRequestContext<GatewayContext>) =>
    maxTtl > 0 && operation?.operation === 'query' && !contextValue.socket && !contextValue.liveDelivery;

  const tracking: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          // Before anything reads the policy (the Cache-Control header, the store): a viewer's answer is
          // theirs; a mutation's answer (which the subgraph may hint from its return type) is never reused.
          const policy = requestContext.overallCachePolicy;
          if (requestContext.contextValue.viewer) policy.restrict({ scope: 'PRIVATE' });
          if (requestContext.operation?.operation !== 'query') policy.restrict({ maxAge: 0 });
        },
        async willSendResponse(requestContext) {
          const { contextValue: context, response } = requestContext;
          if (requestContext.operation?.operation === 'mutation') {
            // Before the response leaves: whoever reads next (any replica) reads what the mutation wrote.
            await bump(typesOf(requestContext) ?? [], 'mutation').catch((error: unknown) =>
              context.log.error({ err: error }, 'response cache: could not invalidate after a mutation'),
            );
            return;
          }
          const state = states.get(context);
          if (!state?.eligible) return;
          if (requestContext.metrics.responseCacheHit) {
            count.hits.inc({ audience: state.audience });
            return;
          }
          count.misses.inc({ audience: state.audience });
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const policy = requestContext.overallCachePolicy.policyIfCacheable();
          // The same rule as the response cache plugin's own: a complete answer with a cacheable policy.
          if (result?.data && !result.errors && policy) count.stores.inc({ scope: policy.scope.toLowerCase() });
        },
      };
    },
  };

  const store = responseCachePlugin<GatewayContext>({
    cache: cappedTtl(new ErrorsAreMissesCache(createKeyValueCache(runtime, prefix), logger), maxTtl || 1),
    sessionId: async ({ contextValue }) => viewerKey(contextValue),
    extraCacheKeyData: async (requestContext) => {
      const context = requestContext.contextValue;
      const state: RequestState = { eligible: false, audience: audienceOf(context) };
      states.set(context, state);
      const types = cacheable(requestContext) ? typesOf(requestContext) : undefined;
      if (!types) return null;
      try {
        const current = await generations.read(types);
        state.eligible = true;
        return { generations: current, language: context.acceptLanguage ?? null };
      } catch (error) {
        // Without generations a stored answer could be stale: neither read nor write.
        context.log.warn({ err: error }, 'response cache: generations unavailable, not caching');
        return null;
      }
    },
    shouldReadFromCache: async ({ contextValue }) => states.get(contextValue)?.eligible ?? false,
    shouldWriteToCache: async ({ contextValue }) => states.get(contextValue)?.eligible ?? false,
  });

  return {
    plugins: [tracking, store],
    close: () => {
      for (const stop of unsubscribe) stop();
    },
  };
}
