/**
 * `npm run build`: compiles the TypeScript that runs in production into dist/ with swc (relative
 * `.ts` imports become `.js`, `#platform/*`, `#gateway/*` and `#libs/*` become relative paths) and copies
 * beside it what the code reads at run time (rover.yaml, the supergraph, each subgraph's
 * schema.graphql and migrations, the demo content): dist/ mirrors the repository, so the same
 * `repoRoot`-relative paths work from it. Tests, test harnesses and development tools are left
 * out. Types are `npm run typecheck`'s job (swc does not check them).
 *   node dist/scripts/start.js | node dist/platform/serve-subgraph.js <name> | node dist/gateway/src/index.js
 */
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { transformFile, type Options } from '@swc/core';
import { readCatalog, repoRoot } from '#platform/catalog.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' } } });
const outDir = join(repoRoot, values.out);

/** Sources that run in production: folder → whether a file under it is left out. */
const SOURCES: Array<[string, (path: string) => boolean]> = [
  ['platform', (path) => path.startsWith('platform/testing/')],
  ['libs', () => false],
  ['gateway/src', () => false],
  ...readCatalog().map(({ name }): [string, (path: string) => boolean] => [`subgraphs/${name}/src`, () => false]),
  // The operations scripts; bench, build, codegen and the other development tools stay out.
  [
    'scripts',
    (path) => !/^scripts\/(start|seed|migrate-all|health-check|events-replay)\.ts$|^scripts\/demo-content\//.test(path),
  ],
];

/** Files read at run time, copied as they are. */
const ASSETS = [
  'rover.yaml',
  'schema/supergraph.graphql',
  'schema/events.json',
  'scripts/demo-content/courses',
  'scripts/demo-content/quests',
  'scripts/demo-content/quizzes',
  ...readCatalog().flatMap(({ name }) => [`subgraphs/${name}/schema.graphql`, `subgraphs/${name}/prisma/migrations`]),
];

// rewriteRelativeImportExtensions is an option of swc 1.16 that its typings do not list yet.
const jsc: Options['jsc'] & { rewriteRelativeImportExtensions: boolean } = {
  parser: { syntax: 'typescript' },
  target: 'es2023',
  baseUrl: repoRoot,
  paths: { '#platform/*': ['./platform/*'], '#gateway/*': ['./gateway/*'], '#libs/*': ['./libs/*'] },
  rewriteRelativeImportExtensions: true,
};
const swcOptions: Options = { jsc, module: { type: 'es6' }, swcrc: false };

function typescriptFiles(folder: string, leftOut: (path: string) => boolean): string[] {
  return readdirSync(join(repoRoot, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)))
    .filter((path) => !leftOut(path));
}

const started = performance.now();
rmSync(outDir, { recursive: true, force: true });
const files = SOURCES.flatMap(([folder, leftOut]) => typescriptFiles(folder, leftOut));
// A few at a time: swc works on its own threads, and the machine is shared.
for (let index = 0; index < files.length; index += 16) {
  await Promise.all(
    files.slice(index, index + 16).map(async (file) => {
      const { code } = await transformFile(join(repoRoot, file), swcOptions);
      const target = join(outDir, file.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, code);
    }),
  );
}
for (const asset of ASSETS) cpSync(join(repoRoot, asset), join(outDir, asset), { recursive: true });
console.log(
  `Built ${files.length} modules and ${ASSETS.length} assets into ${relative(repoRoot, outDir)}/ in ${Math.round(performance.now() - started)} ms`,
);
