/**
 * Generates every subgraph's Prisma client (run by `npm install`). `prisma generate` never runs
 * Prisma's native schema engine, but the CLI downloads it first unless
 * PRISMA_SCHEMA_ENGINE_BINARY names a file; offline we point it at a stand-in that explains itself
 * if it is ever executed (migrations go through `npm run migrate` instead).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { readCatalog, repoRoot } from '#platform/catalog.ts';

const engineStandIn = join(repoRoot, 'scripts', 'prisma-engine-offline.sh');
const prisma = join(repoRoot, 'node_modules', '.bin', 'prisma');

function generate(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(prisma, ['generate', '--config', join(root, 'prisma.config.ts')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { PRISMA_SCHEMA_ENGINE_BINARY: engineStandIn, ...process.env },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`prisma generate failed in ${root}`))));
  });
}

const started = Date.now();
// `npm run prisma:generate -- <name> ...` regenerates only those subgraphs.
const only = process.argv.slice(2);
const subgraphs = readCatalog().filter((subgraph) => !only.length || only.includes(subgraph.name));
// Two at a time: each CLI run is mostly single-threaded start-up.
for (let index = 0; index < subgraphs.length; index += 2) {
  await Promise.all(subgraphs.slice(index, index + 2).map((subgraph) => generate(subgraph.root)));
}
console.log(`Prisma clients generated for ${subgraphs.length} subgraphs in ${Date.now() - started} ms`);
