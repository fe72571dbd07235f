// `npm start`: scripts/start.ts, always run as JavaScript on plain Node. In production
// (NODE_ENV=production, in the environment or .env) it runs the build output,
// dist/scripts/start.js (`npm run build` first; the Docker image does). In development it compiles
// the sources that changed since the last start into node_modules/.cache/doctorpy/start (swc, a
// second or two the first time, a few milliseconds after) and runs that: a TypeScript loader would
// cost seconds on every start. Plain JavaScript, so that it needs no loader itself.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

if (existsSync('.env')) process.loadEnvFile('.env');
// The one setting read before the settings module can load: it says which code to load.
const production = process.env.NODE_ENV === 'production';

if (production) {
  const built = new URL('../dist/scripts/start.js', import.meta.url);
  if (!existsSync(built)) {
    console.error('npm start: NODE_ENV=production runs the build output; run `npm run build` first.');
    process.exit(1);
  }
  await import(built.href);
} else {
  const { compileTree, repoRoot } = await import('./compile.mjs');
  const outDir = join(repoRoot, 'node_modules', '.cache', 'doctorpy', 'start');
  // The console the gateway serves at /console (platform/env.ts: on unless CONSOLE_ENABLED=false).
  if (!['false', '0'].includes(process.env.CONSOLE_ENABLED ?? '')) {
    const { ensureConsoleBuilt } = await import('../console/build.mjs');
    ensureConsoleBuilt();
  }
  await compileTree({ outDir, incremental: true, sourceMaps: true });
  // Stack traces name the TypeScript files and lines.
  process.setSourceMapsEnabled(true);
  // The running gateway follows the repository's supergraph (npm run compose), not the copy.
  process.env.SUPERGRAPH_PATH ??= join(repoRoot, 'schema', 'supergraph.graphql');
  await import(pathToFileURL(join(outDir, 'scripts', 'start.js')).href);
}
