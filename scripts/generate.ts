/**
 * `npm run generate`: rewrites the files derived from rover.yaml (see derived-files.ts).
 * `npm run generate -- --check` writes nothing and fails when one is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { repoRoot } from '#platform/catalog.ts';
import { derivedFiles } from './derived-files.ts';

const check = process.argv.includes('--check');
let stale = 0;
for (const [file, content] of await derivedFiles()) {
  if (readFileSync(file, 'utf8') === content) continue;
  if (check) {
    stale += 1;
    console.error(`stale: ${relative(repoRoot, file)} (run npm run generate)`);
  } else {
    writeFileSync(file, content);
    console.log(`wrote ${relative(repoRoot, file)}`);
  }
}
process.exit(stale ? 1 : 0);
