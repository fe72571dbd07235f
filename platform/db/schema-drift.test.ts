/** Each subgraph's committed migrations build exactly the database its schema.prisma describes. */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readCatalog } from '../catalog.ts';
import { diffMigrationsAgainstSchema } from './schema-engine.ts';

it.each(readCatalog().map((entry) => [entry.name, entry.root] as const))(
  '%s: migrations match schema.prisma',
  async (name, root) => {
    const missing = await diffMigrationsAgainstSchema(join(root, 'prisma', 'schema.prisma'), join(root, 'prisma', 'migrations'));
    expect(missing, `${name} needs a migration: npm run migrate:create -- ${name} <name>\n${missing}`).toBe('');
  },
  30_000,
);
