/**
 * The console's build: two pages under one base, the client (index.html, served at /console) and
 * the offline GraphQL explorer (explorer.html, served at /explorer). `npm run console:dev` serves
 * them with hot reload and proxies the gateway's /graphql (HTTP and WebSocket), so the browser
 * still talks to one origin.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react-swc';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const gateway = 'http://localhost:4000';

export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  // Everything the pages load ships with them: no CDN, no remote font.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6_000,
    rollupOptions: {
      input: { console: `${root}index.html`, explorer: `${root}explorer.html` },
      // GraphiQL's React-compiler directives ("use no memo") only matter to that compiler.
      onwarn: (warning, warn) => (warning.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(warning)),
    },
  },
  worker: { format: 'es' },
  server: { port: 5173, proxy: { '/graphql': { target: gateway, ws: true } } },
});
