import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

/**
 * Node loads graphql's CommonJS build for everyone (the package has no "exports" map); Vite would
 * give our files its ESM build while Apollo's packages require the CommonJS one: two graphql
 * instances. Point Vite at the one Node uses.
 */
const resolve = { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] };

export default defineConfig({
  test: {
    globalSetup: ['platform/testing/global-setup.ts'],
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: ['platform/**/*.test.ts', 'subgraphs/*/src/**/*.test.ts', 'gateway/src/**/*.test.ts', 'scripts/**/*.test.ts'],
        },
      },
      {
        resolve,
        test: {
          name: 'integration',
          include: ['subgraphs/*/test/**/*.test.ts', 'gateway/test/**/*.test.ts', 'schema/**/*.test.ts', 'docker/**/*.test.ts'],
          // One file at a time: they share the test databases and the machine's two cores.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
