// Builds the console (console/dist) with Vite when it is missing or older than its sources: what
// `npm start` runs in development (scripts/launch.mjs) and the end-to-end test before it starts
// the platform. `npm run console:build` always builds. Plain JavaScript: the launcher runs it
// before any TypeScript loader exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const consoleRoot = dirname(fileURLToPath(import.meta.url));
const outputs = ['index.html', 'explorer.html'].map((name) => join(consoleRoot, 'dist', name));
const sources = ['index.html', 'explorer.html', 'vite.config.ts', 'src', 'public'];

const newest = (path) => {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
};

/** True when a built page is missing or a source changed after the build. */
export function consoleBuildStale() {
  if (!outputs.every((file) => existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  return sources.some((source) => existsSync(join(consoleRoot, source)) && newest(join(consoleRoot, source)) > built);
}

export async function buildConsole() {
  const { build } = await import('vite');
  const started = performance.now();
  await build({ configFile: join(consoleRoot, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`Built the console into console/dist in ${Math.round(performance.now() - started)} ms`);
}

/**
 * Builds in a child process: Vite's build sets process.env.NODE_ENV to production, which would
 * turn the platform starting next in this process into a production one (no demo content, no
 * embedded admin), and its memory would stay in the platform's process.
 */
export function ensureConsoleBuilt() {
  if (!consoleBuildStale()) return;
  const built = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`building the console failed (exit ${built.status ?? built.signal})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildConsole();
