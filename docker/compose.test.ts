/**
 * Docker cannot run on the development machines, so this checks what can be checked: the compose
 * file, rover.yaml, the Postgres init script and the settings schemas (the platform's and each
 * subgraph's) agree with each other.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { envNames, envSchema, settingNames } from '#platform/env.ts';
import { settingsSchema } from '#platform/subgraph-module.ts';
import { PLATFORM_NODE_FLAGS } from '../scripts/bench/load.ts';
import { derivedFiles, gatewayCommand, subgraphCommand } from '../scripts/derived-files.ts';

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const appServices = Object.entries(compose.services).filter(([, service]) => service.image === 'doctorpy/supergraph:local');
const subgraphs = readCatalog();

/** Every setting: the platform's and those each subgraph declares (its src/settings.ts). */
let allSettings: Set<string>;
beforeAll(async () => {
  const schemas = await Promise.all(subgraphs.map(({ name }) => settingsSchema(name)));
  const own = schemas.flatMap((schema) => (schema ? settingNames(schema) : []));
  allSettings = new Set([...envNames(), ...own]);
});

describe('files derived from rover.yaml', () => {
  it('are up to date (npm run generate)', async () => {
    // A stale file is listed: run `npm run generate`.
    const stale = [...(await derivedFiles())].filter(([file, content]) => readFileSync(file, 'utf8') !== content);
    expect(stale.map(([file]) => relative(repoRoot, file))).toEqual([]);
  });
});

describe('docker-compose.yml', () => {
  it('runs every subgraph of rover.yaml from the shared image, on its port, with a health check', () => {
    for (const subgraph of subgraphs) {
      const service = compose.services[subgraph.name];
      expect({ subgraph: subgraph.name, defined: Boolean(service) }).toEqual({ subgraph: subgraph.name, defined: true });
      expect(service!.image).toBe('doctorpy/supergraph:local');
      expect(service!.command).toEqual(subgraphCommand(subgraph.name));
      expect(service!.environment?.PORT).toBe(String(subgraph.port));
      expect(service!.healthcheck?.test).toEqual(['CMD', 'node', 'docker/healthcheck.mjs', String(subgraph.port)]);
    }
  });

  it('starts the gateway once every subgraph is healthy', () => {
    const gateway = compose.services.gateway!;
    for (const subgraph of subgraphs) expect(gateway.depends_on?.[subgraph.name]?.condition).toBe('service_healthy');
    for (const [, service] of appServices) {
      for (const dependency of ['postgres', 'redis', 'nats'])
        expect(service.depends_on?.[dependency]?.condition).toBe('service_healthy');
    }
  });

  it('only sets settings that a settings schema knows', () => {
    for (const [name, service] of appServices) {
      const unknown = Object.keys(service.environment ?? {}).filter((key) => !allSettings.has(key));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
  });

  it('creates every subgraph database in Postgres', () => {
    const init = readFileSync(join(repoRoot, 'docker', 'postgres', 'init-databases.sql'), 'utf8');
    for (const subgraph of subgraphs) expect(init).toContain(`CREATE DATABASE "doctorpy_${subgraph.name}";`);
  });
});

describe('.env.example', () => {
  it('documents every setting, and only those', () => {
    // accounts' own settings are among them.
    expect(allSettings).toContain('ADMIN_EMAIL');
    const documented = readFileSync(join(repoRoot, '.env.example'), 'utf8')
      .split('\n')
      .map((line) => /^#?\s?([A-Z][A-Z0-9_]+)=/.exec(line)?.[1])
      .filter(Boolean);
    expect(new Set(documented)).toEqual(allSettings);
  });
});

describe('Node flags', () => {
  it('are the same for `npm start`, the Docker image and the benchmarks', () => {
    const start = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts
      .start;
    expect(start).toBe(`node ${PLATFORM_NODE_FLAGS.join(' ')} scripts/launch.mjs`);
    const dockerfile = readFileSync(join(repoRoot, 'docker', 'Dockerfile'), 'utf8');
    expect(/^ENV NODE_OPTIONS=(.*)$/m.exec(dockerfile)?.[1]).toBe(PLATFORM_NODE_FLAGS.join(' '));
  });
});

describe('docker/Dockerfile', () => {
  const dockerfile = readFileSync(join(repoRoot, 'docker', 'Dockerfile'), 'utf8');

  it('builds, then runs the build output on Node 24 without a TypeScript loader', () => {
    expect(dockerfile).toMatch(/^RUN .*npm run build( |$)/m);
    const stages = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);
    expect(stages.at(-1)).toMatch(/^node:24[.-]/);
    expect(JSON.parse(/^CMD (.*)$/m.exec(dockerfile)![1]!)).toEqual(gatewayCommand);
    expect(dockerfile).not.toMatch(/tsx/);
    for (const [, service] of appServices) expect(service.command?.join(' ')).not.toMatch(/tsx|\.ts\b/);
  });

  it('ships the built console where the gateway looks for it (CONSOLE_DIR)', () => {
    expect(dockerfile).toMatch(/^RUN .*npm run console:build$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/console\/dist \.\/console\/dist$/m);
    expect(envSchema.shape.CONSOLE_DIR.parse(undefined)).toBe('console/dist');
  });
});
