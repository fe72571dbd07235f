/**
 * The body of every subgraph's prisma.config.ts, read by the standard Prisma CLI (generate, and
 * migrate on machines that can download Prisma's schema engine). Paths are relative to the
 * subgraph folder; the URL is the subgraph's own database on the DATABASE_URL server.
 *
 * The schema is the whole prisma/ folder (Prisma's multi-file schema): the subgraph's own
 * schema.prisma plus the platform's outbox/inbox models, brought in by a relative symlink
 * (prisma/events.prisma -> platform/events/events.prisma) rather than a copy. A symlink rather than
 * a file generated at prisma:generate time: git stores it, so a fresh clone and the Docker image
 * (`COPY . .`) have it with no step to run first, and every reader (the Prisma CLI, the offline
 * schema engine behind migrate:create and the drift test) sees the one file.
 */
import { defineConfig } from 'prisma/config';
import { loadEnv } from '../env.ts';
import { subgraphDatabaseUrl } from './postgres-server.ts';

export function subgraphPrismaConfig(subgraph: string) {
  const env = loadEnv({ dotenv: true });
  return defineConfig({
    schema: 'prisma',
    migrations: { path: 'prisma/migrations' },
    ...(env.DATABASE_URL ? { datasource: { url: subgraphDatabaseUrl(env.DATABASE_URL, subgraph) } } : {}),
  });
}
