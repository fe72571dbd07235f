/**
 * `npm run new:subgraph -- <name> [--port N] [--no-test]`: creates subgraphs/<name>/ from the
 * template (schema.graphql, Prisma schema and its first migration, services, loaders, resolvers, a
 * test), adds it to rover.yaml on the given port (DESIGN.md's port map) or the next free one, generates its Prisma client and resolver types,
 * regenerates the lists derived from rover.yaml, composes the supergraph, and runs its test
 * (which starts it with accounts through the test harness and queries it through the gateway).
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format, getFileInfo, resolveConfig } from 'prettier';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { addToRover, nextFreePort, regenerate, run, runScript } from './subgraph-registry.ts';
import { SUBGRAPH_NAME, subgraphFiles } from './subgraph-template.ts';

const args = process.argv.slice(2);
const portFlag = args.indexOf('--port');
const requestedPort = portFlag >= 0 ? Number(args[portFlag + 1]) : undefined;
const [name] = args.filter((arg, index) => !arg.startsWith('--') && (portFlag < 0 || index !== portFlag + 1));
if (!name || !SUBGRAPH_NAME.test(name)) {
  console.error('usage: npm run new:subgraph -- <name> [--port N] [--no-test]   (lower-case letters and digits, e.g. bookings)');
  process.exit(2);
}
const root = join(repoRoot, 'subgraphs', name);
if (existsSync(root) || readCatalog().some((entry) => entry.name === name)) {
  console.error(`new:subgraph: ${name} exists already (subgraphs/${name} or rover.yaml)`);
  process.exit(2);
}

const started = performance.now();
const step = (what: string) =>
  console.log(`new:subgraph ${name}: ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);

for (const [file, content] of Object.entries(subgraphFiles(name))) {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  // In the project's style whatever the name's length (line breaks depend on it).
  const { inferredParser } = await getFileInfo(path);
  writeFileSync(path, inferredParser ? await format(content, { ...(await resolveConfig(path)), filepath: path }) : content);
}
// The platform's outbox and inbox models, written once (platform/events/events.prisma), linked in.
symlinkSync(join('..', '..', '..', 'platform', 'events', 'events.prisma'), join(root, 'prisma', 'events.prisma'));
if (
  requestedPort !== undefined &&
  (!Number.isInteger(requestedPort) || readCatalog().some((entry) => entry.port === requestedPort))
) {
  console.error(`new:subgraph: --port ${args[portFlag + 1]} is not a free port number`);
  process.exit(2);
}
const port = requestedPort ?? nextFreePort();
addToRover(name, port);
step(`wrote subgraphs/${name}/ and its rover.yaml entry (port ${port})`);

await Promise.all([
  runScript('scripts/prisma-generate.ts', [name]),
  runScript('scripts/migrate-create.ts', [name, 'init']),
  runScript('scripts/codegen.ts', [name]),
]);
step('generated its Prisma client, first migration and resolver types');
await regenerate();
step('regenerated docker-compose.yml, init-databases.sql and the supergraph');

if (!process.argv.includes('--no-test')) {
  await run('npm', ['run', 'test:integration', '--', `subgraphs/${name}/test`]);
  step('its test passed');
}
console.log(`\nsubgraphs/${name}/ is ready: write its schema.graphql, prisma/schema.prisma (then npm run migrate:create -- ${name} <change>),
services and resolvers; npm run codegen after schema changes. Remove it with npm run remove:subgraph -- ${name}.`);
