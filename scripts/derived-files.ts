/**
 * The files that list the subgraphs, derived from rover.yaml (`npm run generate` writes them,
 * `--check` and docker/compose.test.ts fail on drift): the Postgres init script, and the
 * subgraph services and gateway of docker-compose.yml (between its two markers; the rest of the
 * file is written by hand), and the Kubernetes manifests of deploy/k8s. A subgraph's settings (src/settings.ts) carrying `compose` metadata
 * (zod `.meta()`) are passed to its container from the host's .env.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readCatalog, repoRoot, type SubgraphEntry } from '#platform/catalog.ts';
import { settingsSchema } from '#platform/subgraph-module.ts';
import { k8sManifests } from './k8s/manifests.ts';

export const COMPOSE_FILE = join(repoRoot, 'docker-compose.yml');
export const INIT_SQL_FILE = join(repoRoot, 'docker', 'postgres', 'init-databases.sql');
export const COMPOSE_BEGIN = '  # --- generated from rover.yaml by `npm run generate`: the subgraphs and the gateway ---';
export const COMPOSE_END = '  # --- end of the generated part ---';

/** The process each container runs: the build output (dist/), as the image holds it. */
export const subgraphCommand = (name: string) => ['node', 'dist/platform/serve-subgraph.js', name];
export const gatewayCommand = ['node', 'dist/gateway/src/index.js'];

const flow = (values: string[]) => `[${values.map((value) => `'${value}'`).join(', ')}]`;
const healthcheck = (port: number) => [
  '    healthcheck:',
  `      test: ${flow(['CMD', 'node', 'docker/healthcheck.mjs', String(port)])}`,
  '      interval: 10s',
  '      timeout: 5s',
  '      retries: 12',
];

/** Settings of a subgraph that docker-compose passes from the host's .env: name → value. */
export async function composeEnvironment(name: string): Promise<Record<string, string>> {
  const schema = await settingsSchema(name);
  if (!(schema instanceof z.ZodObject)) return {};
  const entries = Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, setting]) => {
    const compose = (setting.meta() as { compose?: unknown } | undefined)?.compose;
    return typeof compose === 'string' ? [[key, compose] as const] : [];
  });
  return Object.fromEntries(entries);
}

async function subgraphService(entry: SubgraphEntry): Promise<string[]> {
  const environment = Object.entries(await composeEnvironment(entry.name)).map(([key, value]) => `      ${key}: ${value}`);
  return [
    `  ${entry.name}:`,
    '    <<: *app',
    `    command: ${flow(subgraphCommand(entry.name))}`,
    '    environment:',
    '      <<: *app-env',
    `      PORT: '${entry.port}'`,
    ...environment,
    ...healthcheck(entry.port),
    '',
  ];
}

function gatewayService(subgraphs: SubgraphEntry[]): string[] {
  return [
    '  gateway:',
    '    <<: *app',
    `    command: ${flow(gatewayCommand)}`,
    '    environment:',
    '      <<: *app-env',
    "      PORT: '4000'",
    '      CORS_ORIGINS: ${CORS_ORIGINS:-*}',
    '    ports:',
    "      - '4000:4000'",
    '    depends_on:',
    '      <<: *infrastructure',
    ...subgraphs.flatMap(({ name }) => [`      ${name}:`, '        condition: service_healthy']),
    ...healthcheck(4000),
  ];
}

/** docker-compose.yml with its generated part rebuilt from `catalog`. */
export async function composeFile(current: string, catalog = readCatalog()): Promise<string> {
  const begin = current.indexOf(COMPOSE_BEGIN);
  const end = current.indexOf(COMPOSE_END);
  if (begin < 0 || end < begin) throw new Error('docker-compose.yml lost the markers of its generated part');
  const services = [];
  for (const entry of catalog) services.push(...(await subgraphService(entry)));
  const generated = [COMPOSE_BEGIN, ...services, ...gatewayService(catalog), COMPOSE_END].join('\n');
  return current.slice(0, begin) + generated + current.slice(end + COMPOSE_END.length);
}

/** docker/postgres/init-databases.sql: one database per subgraph, named as the platform names them. */
export const initSql = (catalog = readCatalog()): string =>
  [
    '-- Generated from rover.yaml by `npm run generate`: do not edit.',
    '-- One database per subgraph (DATABASE_URL names the base, doctorpy). The subgraphs create a',
    '-- missing database themselves too; this keeps a fresh volume ready before they start.',
    ...catalog.map(({ name }) => `CREATE DATABASE "doctorpy_${name}";`),
    '',
  ].join('\n');

/** Every derived file: path → the content it should have now. */
export async function derivedFiles(): Promise<Map<string, string>> {
  return new Map([
    [COMPOSE_FILE, await composeFile(readFileSync(COMPOSE_FILE, 'utf8'))],
    [INIT_SQL_FILE, initSql()],
    ...k8sManifests(),
  ]);
}
