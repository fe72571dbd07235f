// `npm start`: the same scripts/start.ts either way. In production (NODE_ENV=production, in the
// environment or .env) it runs the build output, dist/scripts/start.js, on plain Node: no
// TypeScript loader at run time (`npm run build` first; the Docker image does). Otherwise it runs
// the TypeScript sources through tsx. Plain JavaScript, so that production needs no loader.
import { existsSync } from 'node:fs';

if (existsSync('.env')) process.loadEnvFile('.env');
// The one setting read before the settings module can load: it says which code to load.
const production = process.env.NODE_ENV === 'production';
const built = new URL('../dist/scripts/start.js', import.meta.url);

if (production) {
  if (!existsSync(built)) {
    console.error('npm start: NODE_ENV=production runs the build output; run `npm run build` first.');
    process.exit(1);
  }
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./start.ts');
}
