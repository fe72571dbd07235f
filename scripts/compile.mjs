// Compiles the TypeScript that runs (platform, libs, the gateway, every subgraph's src, the
// operations scripts) with swc into a folder that mirrors the repository, and copies beside it
// the files the code reads at run time, so that the same `repoRoot`-relative paths work from it.
// Relative `.ts` imports become `.js`; `#platform/*`, `#gateway/*` and `#libs/*` become relative
// paths. Tests, test harnesses and development tools are left out. Types are `npm run typecheck`'s
// job (swc does not check them).
//
// Two users: `npm run build` (dist/, what production runs) and `npm start` in development, which
// keeps a compiled copy under node_modules/.cache and recompiles only the files that changed since
// (a manifest of sizes and modification times), because a TypeScript loader costs seconds on every
// start. Plain JavaScript: the launcher must run it before any loader exists.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The subgraphs of the repository (a subgraph not in rover.yaml is compiled but never loaded). */
const subgraphNames = () =>
  readdirSync(join(repoRoot, 'subgraphs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(repoRoot, 'subgraphs', entry.name, 'src')))
    .map((entry) => entry.name);

/** Source folders that run in production, each with the files under it that are left out. */
const sourceFolders = () => [
  ['platform', (path) => path.startsWith('platform/testing/')],
  ['libs', () => false],
  ['gateway/src', () => false],
  ...subgraphNames().map((name) => [`subgraphs/${name}/src`, () => false]),
  // The operations scripts; bench, build, codegen and the other development tools stay out.
  [
    'scripts',
    (path) => !/^scripts\/(start|seed|migrate-all|health-check|events-replay)\.ts$|^scripts\/demo-content\//.test(path),
  ],
];

/** Files and folders read at run time, copied as they are. */
const assetPaths = () => [
  'rover.yaml',
  'schema/supergraph.graphql',
  'schema/events.json',
  'scripts/demo-content/courses',
  'scripts/demo-content/quests',
  'scripts/demo-content/quizzes',
  ...subgraphNames().flatMap((name) => [
    `subgraphs/${name}/schema.graphql`,
    `subgraphs/${name}/prisma/migrations`,
    // Files a subgraph reads at run time (templates, fonts...) live in its assets/ folder.
    `subgraphs/${name}/assets`,
  ]),
];

const filesUnder = (path) => {
  const absolute = join(repoRoot, path);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [path];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)));
};

/** Every input: TypeScript to compile and assets to copy, as repository-relative paths. */
export function inputs() {
  const sources = sourceFolders().flatMap(([folder, leftOut]) =>
    filesUnder(folder).filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts') && !leftOut(path)),
  );
  return { sources, assets: assetPaths().flatMap(filesUnder) };
}

const swcOptions = (sourceMaps) => ({
  jsc: {
    parser: { syntax: 'typescript' },
    target: 'es2023',
    baseUrl: repoRoot,
    paths: { '#platform/*': ['./platform/*'], '#gateway/*': ['./gateway/*'], '#libs/*': ['./libs/*'] },
    // An option of swc 1.16 that its typings do not list yet.
    rewriteRelativeImportExtensions: true,
  },
  module: { type: 'es6' },
  sourceMaps: sourceMaps ? 'inline' : false,
  swcrc: false,
});

const MANIFEST = '.compiled.json';

/** Written aside, then renamed: two starts compiling at once never run half a file. */
function writeWhole(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, data);
  renameSync(partial, path);
}
const stamp = (path) => {
  const { size, mtimeMs } = statSync(join(repoRoot, path));
  return `${size}:${mtimeMs}`;
};

/**
 * Compiles into `outDir` (absolute). `incremental`: only what changed since the last call on the
 * same folder, and outputs whose input is gone are deleted; otherwise the folder is rebuilt.
 * `sourceMaps`: inline, so that stack traces name the TypeScript lines.
 */
export async function compileTree({ outDir, incremental = false, sourceMaps = false }) {
  const manifestFile = join(outDir, MANIFEST);
  let previous = {};
  if (incremental && existsSync(manifestFile)) previous = JSON.parse(readFileSync(manifestFile, 'utf8'));
  else rmSync(outDir, { recursive: true, force: true });

  const { sources, assets } = inputs();
  const current = Object.fromEntries([...sources, ...assets].map((path) => [path, stamp(path)]));
  const outputOf = (path) => join(outDir, path.endsWith('.ts') ? path.replace(/\.ts$/, '.js') : path);
  for (const path of Object.keys(previous)) if (!(path in current)) rmSync(outputOf(path), { force: true });
  const stale = (path) => previous[path] !== current[path];

  const toCompile = sources.filter(stale);
  const options = swcOptions(sourceMaps);
  // A few at a time: swc works on its own threads, and the machine is shared.
  for (let index = 0; index < toCompile.length; index += 16) {
    await Promise.all(
      toCompile.slice(index, index + 16).map(async (path) => {
        const { code } = await transformFile(join(repoRoot, path), options);
        writeWhole(outputOf(path), code);
      }),
    );
  }
  const toCopy = assets.filter(stale);
  for (const path of toCopy) writeWhole(outputOf(path), readFileSync(join(repoRoot, path)));
  writeWhole(manifestFile, JSON.stringify(current));
  return { modules: sources.length, assets: assets.length, compiled: toCompile.length, copied: toCopy.length };
}
