/**
 * Jest 30 on native ESM (node --experimental-vm-modules), TypeScript compiled by @swc/jest (no type
 * check here: `npm run typecheck` does that). Three projects (`replicas` is `npm run test:replicas`'s): `unit` needs no service; `integration`
 * runs against the machine's Postgres, Redis and NATS in two workers (`--maxWorkers=2` in
 * package.json), each with databases of its own (platform/testing/test-env.ts): a file spends
 * much of its time waiting on those services, which the other worker's file uses.
 */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2023', keepClassNames: true },
      module: { type: 'es6' },
      sourceMaps: 'inline',
    },
  ],
};

const common = {
  testEnvironment: 'node',
  // Jest 30's default soft clean-up wraps the globals a test file set in accessors whose setter
  // recurses when a library writes the global again (RangeError: Maximum call stack size exceeded
  // in jest-util's originalSetter, seen on CI); each file runs in a fresh context anyway.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  extensionsToTreatAsEsm: ['.ts'],
  transform,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json', 'node'],
};

export default {
  testTimeout: 60_000,
  // A failed file can leave a socket or a child's pipe open; CI must end with the failure rather
  // than wait for its time limit. Files close what they open in afterAll (the tests say so).
  forceExit: true,
  reporters: ['default', '<rootDir>/platform/testing/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/platform/**/*.test.ts',
        '<rootDir>/libs/**/*.test.ts',
        '<rootDir>/subgraphs/*/src/**/*.test.ts',
        '<rootDir>/gateway/src/**/*.test.ts',
        '<rootDir>/scripts/**/*.test.ts',
      ],
      // `*.integration.test.ts` beside the code need a real service (NATS): the integration project runs them.
      testPathIgnorePatterns: ['\\.integration\\.test\\.ts$', '/node_modules/', '<rootDir>/scripts/replicas/'],
    },
    {
      ...common,
      displayName: 'integration',
      globalSetup: '<rootDir>/platform/testing/global-setup.ts',
      testMatch: [
        '<rootDir>/subgraphs/*/test/**/*.test.ts',
        '<rootDir>/gateway/test/**/*.test.ts',
        '<rootDir>/schema/**/*.test.ts',
        '<rootDir>/docker/**/*.test.ts',
        '<rootDir>/{platform,scripts,gateway,subgraphs}/**/*.integration.test.ts',
      ],
    },
    {
      // `npm run test:replicas`: the full stack as twenty-two processes (replicated gateways and
      // subgraphs), minutes of start-up on a shared machine; run on its own, one file at a time.
      ...common,
      displayName: 'replicas',
      testMatch: ['<rootDir>/scripts/replicas/**/*.test.ts'],
    },
    {
      ...common,
      // The console in Chromium against `npm start` (console/test): `npm run test:e2e`.
      displayName: 'e2e',
      testMatch: ['<rootDir>/console/test/**/*.e2e.test.ts'],
    },
  ],
};
