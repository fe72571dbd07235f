/** Each subgraph's committed migrations build exactly the database its Prisma schema (prisma/*.prisma) describes. */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readCatalog } from '../catalog.ts';
import { diffMigrationsAgainstSchema } from './schema-engine.ts';

it.each(readCatalog().map((entry) => [entry.name, entry.root] as const))(
  '%s: migrations match the Prisma schema',
  async (name, root) => {
    const missing = await diffMigrationsAgainstSchema(join(root, 'prisma'), join(root, 'prisma', 'migrations'));
    expect(missing, `${name} needs a migration: npm run migrate:create -- ${name} <name>\n${missing}`).toBe('');
  },
  30_000,
);
