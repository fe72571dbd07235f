/** Each subgraph's committed migrations build exactly the database its Prisma schema (prisma/*.prisma) describes. */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, expect, it } from '@jest/globals';
import { readCatalog } from '../catalog.ts';
import { diffMigrationsAgainstSchema } from './schema-engine.ts';

// One PGlite for every subgraph, emptied between them: starting one takes most of a check's time.
const database = new PGlite();
afterAll(() => database.close());

it.each(readCatalog().map((entry) => [entry.name, entry.root] as const))(
  '%s: migrations match the Prisma schema',
  async (name, root) => {
    const missing = await diffMigrationsAgainstSchema(join(root, 'prisma'), join(root, 'prisma', 'migrations'), database);
    // A non-empty diff is the SQL the missing migration would hold: `npm run migrate:create -- <name> <migration>`.
    expect({ subgraph: name, missing }).toEqual({ subgraph: name, missing: '' });
  },
  30_000,
);
