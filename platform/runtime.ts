/**
 * Process-wide resources shared by every server the process hosts (one subgraph alone, or the
 * gateway and all subgraphs in `npm start`): settings, root logger, the embedded Postgres, Redis.
 * Everything is opened lazily and closed once, in reverse order, by `close()`.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Redis } from 'ioredis';
import type { DatabaseHost } from './db/database.ts';
import type { Env, SettingsSource } from './env.ts';
import type { EventBus } from './events/bus.ts';
import { JetStreamBus } from './events/jetstream-bus.ts';
import { learnerFirst, waitBounds } from './learner-first.ts';
import { MemoryBus } from './events/memory-bus.ts';
import { createLogger, type Logger } from './logger.ts';

export interface Runtime extends DatabaseHost {
  readonly env: Env;
  /** Where `env` was read from: subgraphs read their own settings from it when they start. */
  readonly settingsSource: SettingsSource;
  readonly logger: Logger;
  /** The shared Redis connection, or undefined when REDIS_URL is unset (in-memory fallbacks). */
  redis(): Redis | undefined;
  /** JetStream when NATS_URL is set, the in-process bus otherwise; one per process. */
  eventBus(): EventBus;
  /**
   * A process-wide singleton, created on first use: how in-memory fallbacks (revoked sessions,
   * the embedded event bus) are shared by all servers of the process.
   */
  shared<T>(key: string, create: () => T): T;
  /** Registers a step of `close()`; `label` names it in the logs. */
  onClose(hook: () => Promise<unknown>, label: string): void;
  close(): Promise<void>;
}

export function createRuntime(env: Env, name = 'doctorpy', settingsSource: SettingsSource = {}): Runtime {
  const logger = createLogger(env, name);
  learnerFirst.configure(waitBounds(env.BACKGROUND_WAIT_MAX_MS));
  const closeHooks: Array<{ run: () => Promise<unknown>; label: string }> = [];
  let embedded: Promise<PGlite> | undefined;
  let redis: Redis | undefined;
  let bus: EventBus | undefined;
  const singletons = new Map<string, unknown>();

  return {
    env,
    settingsSource,
    logger,
    embeddedPostgres() {
      embedded ??= (async () => {
        const dataDir = resolve(env.DATA_DIR, 'pglite');
        mkdirSync(join(dataDir, '..'), { recursive: true });
        const started = Date.now();
        const instance = await PGlite.create(dataDir);
        logger.info({ dataDir, ms: Date.now() - started }, 'embedded Postgres (PGlite) ready');
        closeHooks.push({ run: () => instance.close(), label: 'embedded Postgres' });
        return instance;
      })();
      return embedded;
    },
    redis() {
      if (!env.REDIS_URL) return undefined;
      if (!redis) {
        const connection = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
        connection.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
        closeHooks.push({ run: () => connection.quit().catch(() => connection.disconnect()), label: 'redis' });
        redis = connection;
      }
      return redis;
    },
    eventBus() {
      if (!bus) {
        const created = env.NATS_URL
          ? new JetStreamBus(
              env.NATS_URL,
              env.EVENTS_NAMESPACE,
              logger.child({ component: 'event-bus' }),
              env.EVENTS_STREAM_REPLICAS,
            )
          : new MemoryBus();
        closeHooks.push({ run: () => created.close(), label: 'event bus' });
        bus = created;
      }
      return bus;
    },
    shared<T>(key: string, create: () => T): T {
      if (!singletons.has(key)) singletons.set(key, create());
      return singletons.get(key) as T;
    },
    onClose(hook, label) {
      closeHooks.push({ run: hook, label });
    },
    async close() {
      while (closeHooks.length) {
        const { run, label } = closeHooks.pop()!;
        const started = performance.now();
        await run().catch((error: unknown) => logger.error({ err: error, step: label }, 'error while closing'));
        logger.debug({ step: label, ms: Math.round(performance.now() - started) }, 'closed');
      }
    },
  };
}
