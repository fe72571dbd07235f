/**
 * `npm start`: the gateway and every subgraph in one process. With no DATABASE_URL / REDIS_URL /
 * NATS_URL it runs on embedded defaults (PGlite under DATA_DIR, in-memory cache) and, on the first
 * start, loads the demo content. With them set, the same code uses the real services.
 */
import { isEmbedded, type Env, type SettingsSource } from '#platform/env.ts';
import { runProcess } from '#platform/process.ts';
import { startStack } from '../gateway/src/stack.ts';
import { demoContentFingerprint, demoContentSeeded, markDemoContentSeeded } from './demo-content/seed-marker.ts';
import { configuredAdmin, DEMO_ADMIN, seedDemoContent } from './demo-content/seed.ts';

const started = performance.now();

/**
 * Embedded development runs get a demo admin (accounts' ADMIN_EMAIL / ADMIN_PASSWORD) unless one is
 * configured. The links the platform writes (checkout pages, certificates, emails) name the
 * gateway this process serves on, PORT, unless PUBLIC_URL says otherwise.
 */
const startDefaults = (source: SettingsSource, env: Env): SettingsSource => {
  const linked = source.PUBLIC_URL ? source : { ...source, PUBLIC_URL: `http://localhost:${env.PORT ?? 4000}` };
  return isEmbedded(env) && env.NODE_ENV !== 'production' && !source.ADMIN_EMAIL
    ? { ...linked, ADMIN_EMAIL: DEMO_ADMIN.email, ADMIN_PASSWORD: DEMO_ADMIN.password }
    : linked;
};

await runProcess(
  'doctorpy',
  async (runtime) => {
    const { env, logger } = runtime;
    const stack = await startStack(runtime, { ports: 'catalog', gatewayPort: env.PORT ?? 4000, supergraph: 'file' });
    runtime.onClose(() => stack.close(), 'gateway and subgraphs');

    if (env.SEED_DEMO_CONTENT ?? isEmbedded(env)) {
      // Embedded data remembers what was seeded into it; a configured database is checked each time.
      const fingerprint = demoContentFingerprint(Object.keys(stack.subgraphUrls));
      if (isEmbedded(env) && demoContentSeeded(env.DATA_DIR, fingerprint)) {
        logger.debug('demo content loaded on an earlier start');
      } else {
        const seeded = await seedDemoContent(stack.url, { admin: configuredAdmin(runtime.settingsSource) });
        if (seeded.created.length) logger.info({ created: seeded.created }, 'demo content loaded');
        if (isEmbedded(env)) markDemoContentSeeded(env.DATA_DIR, fingerprint);
      }
    }
    logger.info(
      { url: stack.url, subgraphs: Object.keys(stack.subgraphUrls).length, ms: Math.round(performance.now() - started) },
      `DoctorPy is ready at ${stack.url}`,
    );
  },
  { defaults: startDefaults },
);
