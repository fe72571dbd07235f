/**
 * The body of every subgraph's prisma.config.ts, read by the standard Prisma CLI (generate, and
 * migrate on machines that can download Prisma's schema engine). Paths are relative to the
 * subgraph folder; the URL is the subgraph's own database on the DATABASE_URL server.
 */
import { defineConfig } from 'prisma/config';
import { loadEnv } from '../env.ts';
import { subgraphDatabaseUrl } from './postgres-server.ts';

export function subgraphPrismaConfig(subgraph: string) {
  const env = loadEnv({ dotenv: true });
  return defineConfig({
    schema: 'prisma/schema.prisma',
    migrations: { path: 'prisma/migrations' },
    ...(env.DATABASE_URL ? { datasource: { url: subgraphDatabaseUrl(env.DATABASE_URL, subgraph) } } : {}),
  });
}
