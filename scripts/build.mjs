// `npm run build [-- --out <folder>]`: compiles what production runs into dist/ (scripts/compile.mjs
// says what and how), from scratch.
//   node dist/scripts/start.js | node dist/platform/serve-subgraph.js <name> | node dist/gateway/src/index.js
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { compileTree, repoRoot } from './compile.mjs';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' } } });
const outDir = join(repoRoot, values.out);
const started = performance.now();
const built = await compileTree({ outDir });
console.log(
  `Built ${built.modules} modules and ${built.assets} assets into ${relative(repoRoot, outDir)}/ in ${Math.round(performance.now() - started)} ms`,
);
