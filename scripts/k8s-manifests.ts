/**
 * `npm run k8s:generate`: rewrites deploy/k8s (see scripts/k8s/manifests.ts) from rover.yaml and
 * .env.example. `-- --check` writes nothing and fails when a file is stale. `npm run generate`
 * writes them too, with the other files derived from rover.yaml.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { repoRoot } from '#platform/catalog.ts';
import { k8sManifests } from './k8s/manifests.ts';

const check = process.argv.includes('--check');
let stale = 0;
for (const [file, content] of k8sManifests()) {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) continue;
  if (check) {
    stale += 1;
    console.error(`stale: ${relative(repoRoot, file)} (run npm run k8s:generate)`);
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`wrote ${relative(repoRoot, file)}`);
  }
}
process.exit(stale ? 1 : 0);
