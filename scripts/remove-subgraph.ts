/**
 * `npm run remove:subgraph -- <name> [--force]`: deletes subgraphs/<name>/, its rover.yaml entry,
 * and regenerates what is derived from rover.yaml (compose file, init SQL, supergraph). A subgraph
 * with committed files needs --force (git keeps them anyway). Its databases are left alone.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { regenerate, removeFromRover } from './subgraph-registry.ts';
import { SUBGRAPH_NAME } from './subgraph-template.ts';

const [name] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (!name || !SUBGRAPH_NAME.test(name) || !readCatalog().some((entry) => entry.name === name)) {
  console.error(
    `usage: npm run remove:subgraph -- <name> [--force]   (a subgraph of rover.yaml${name ? `; ${name} is not one` : ''})`,
  );
  process.exit(2);
}
const folder = join('subgraphs', name);
const committed = execFileSync('git', ['ls-files', folder], { cwd: repoRoot, encoding: 'utf8' }).trim();
if (committed && !process.argv.includes('--force')) {
  console.error(`remove:subgraph: ${folder} holds committed files; add --force to remove it anyway.`);
  process.exit(2);
}

rmSync(join(repoRoot, folder), { recursive: true, force: true });
removeFromRover(name);
await regenerate();
console.log(`remove:subgraph: removed ${folder}, its rover.yaml entry, and regenerated the derived files`);
